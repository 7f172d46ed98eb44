package dev.timeos.job;

import dev.timeos.json.JsonFields;
import dev.timeos.schedule.TimeOSClock;
import dev.timeos.action.ActionRegistry;
import dev.timeos.error.ConflictException;
import dev.timeos.error.FieldError;
import dev.timeos.error.InvalidInputException;
import dev.timeos.error.NotFoundException;
import dev.timeos.error.Outcome;
import dev.timeos.lifecycle.JobScheduled;
import dev.timeos.lifecycle.LifecycleEvents;
import dev.timeos.store.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs as clients manage them: create (one or a batch), read, list, reschedule, cancel, and the
 * dead-letter queue. Each call is one transaction: the caller's, when it has one (so an application's
 * rollback takes its jobs with it).
 */
@ApplicationScoped
@Transactional
public class JobService {

    @PersistenceContext(unitName = "timeos")
    EntityManager em;

    @Inject
    ActionRegistry actions;

    @Inject
    JobRepository repository;

    @Inject
    @TimeOSClock
    Clock clock;

    @Inject
    Event<JobsScheduled> scheduledEvents;

    @Inject
    Event<JobsCancelled> cancelledEvents;

    @Inject
    LifecycleEvents lifecycle;

    /** The result of one item of a batch: a job, or why it was refused. */
    public record Created(Job job, InvalidInputException error) {
    }

    public Outcome<Job> create(JobRequest request) {
        Created c = createAll(List.of(request)).get(0);
        return c.error() != null ? Outcome.refused(c.error()) : Outcome.of(c.job());
    }

    /** Valid items are stored together, in one batch; an invalid item is refused without stopping the others. */
    public List<Created> createAll(List<JobRequest> requests) {
        // Stored with millisecond precision: answer with what is stored.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Created> out = new ArrayList<>(requests.size());
        List<NewJob> rows = new ArrayList<>();
        Instant earliest = null;
        Connection c = connection();
        Map<String, JobStatus> dependencies = lockDependencies(c, requests);
        for (JobRequest r : requests) {
            List<FieldError> errors = new ArrayList<>();
            JobStatus dependency = validate(r, dependencies, errors);
            if (!errors.isEmpty()) {
                out.add(new Created(null, new InvalidInputException(errors)));
                continue;
            }
            NewJob row = NewJob.of(r, dependency, now);
            rows.add(row);
            out.add(new Created(toJob(row), null));
            lifecycle.fireAfterCommit(new JobScheduled(row.id(), row.action(), row.ruleId(), row.eventId(), row.performAt()));
            if (row.status() == JobStatus.SCHEDULED && (earliest == null || row.performAt().isBefore(earliest))) {
                earliest = row.performAt();
            }
        }
        sql(() -> {
            repository().insert(c, rows);
            return null;
        });
        if (earliest != null) {
            scheduledEvents.fire(new JobsScheduled(earliest));
        }
        return out;
    }

    /**
     * Locks the jobs the batch depends on, so that none can end between our check and our commit: its end then waits
     * for us and releases (or cancels) the new jobs, which it would otherwise not yet see. All at once, before anything
     * else, and in the repository's one order (id order), so that two batches never each hold a row the other waits
     * for, nor a batch and the end of one job ({@link JobRepository#lockAll} says what is left to the database).
     */
    private Map<String, JobStatus> lockDependencies(Connection c, List<JobRequest> requests) {
        List<String> ids = requests.stream().map(JobRequest::dependsOn).filter(java.util.Objects::nonNull).toList();
        return ids.isEmpty() ? Map.of() : sql(() -> repository().lockAll(c, ids));
    }

    /** @return the dependency's state (locked until commit by {@link #lockDependencies}), or null without one */
    private JobStatus validate(JobRequest r, Map<String, JobStatus> dependencies, List<FieldError> errors) {
        if (r.action() == null || r.action().isBlank()) {
            errors.add(new FieldError("action", "is required"));
        } else if (!actions.exists(r.action())) {
            errors.add(new FieldError("action", "unknown action '" + r.action() + "'; registered: " + actions.names()));
        } else {
            // The action's own refusals (a webhook to an internal address...): a job that can only fail is not stored.
            actions.find(r.action()).ifPresent(p -> errors.addAll(p.check(r.target(),
                    r.payload() == null ? JsonObject.EMPTY_JSON_OBJECT : r.payload(), "payload")));
        }
        if (r.priority() != null && r.priority() < 0) {
            errors.add(new FieldError("priority", "must be 0 or more"));
        }
        if (r.maxAttempts() != null && (r.maxAttempts() < 1 || r.maxAttempts() > JobDefaults.MAX_ATTEMPTS_LIMIT)) {
            errors.add(new FieldError("maxAttempts", "must be between 1 and " + JobDefaults.MAX_ATTEMPTS_LIMIT));
        }
        if (r.backoff() != null && r.backoff().isNegative()) {
            errors.add(new FieldError("backoff", "must not be negative"));
        }
        if (r.timeout() != null && r.timeout().compareTo(JobDefaults.SHORTEST_TIMEOUT) < 0) {
            errors.add(new FieldError("timeout", JobDefaults.SHORTEST_TIMEOUT_REASON));
        }
        if (r.target() != null && r.target().length() > JobDefaults.MAX_TARGET_CHARS) {
            errors.add(new FieldError("target", "is longer than " + JobDefaults.MAX_TARGET_CHARS + " characters"));
        }
        if (r.payload() != null) {
            String payload = r.payload().toString();
            String problem = payload.length() > JobDefaults.MAX_ARGS_CHARS
                    ? "is larger than " + JobDefaults.MAX_ARGS_CHARS + " characters of JSON"
                    : JsonFields.payloadTextProblem(payload);
            if (problem != null) {
                errors.add(new FieldError("payload", problem));
            }
        }
        if (r.dependsOn() == null) {
            return null;
        }
        JobStatus dependency = dependencies.get(r.dependsOn());
        if (dependency == null) {
            errors.add(new FieldError("dependsOn", "no job with id '" + r.dependsOn() + "'"));
        } else if (JobStatus.NEVER_SUCCEEDS.contains(dependency)) {
            errors.add(new FieldError("dependsOn", "job " + r.dependsOn() + " is " + dependency + " and will never succeed"));
        }
        return dependency;
    }

    private static Job toJob(NewJob r) {
        return new Job(r.id(), r.ruleId(), r.eventId(), r.action(), r.target(), JobEntity.parse(r.args()), r.performAt(),
                r.priority(), r.status(), 0, r.maxAttempts(), r.backoff(), r.timeout(), null, r.dependsOn(), r.createdAt(),
                null, null);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Outcome<JobDetails> details(String id) {
        JobEntity e = em.find(JobEntity.class, id);
        if (e == null) {
            return Outcome.refused(notFound(id));
        }
        List<Execution> executions = em.createQuery(
                        "SELECT x FROM ExecutionEntity x WHERE x.jobId = :id ORDER BY x.id", ExecutionEntity.class)
                .setParameter("id", id)
                .getResultStream().map(ExecutionEntity::toExecution).toList();
        return Outcome.of(new JobDetails(e.toJob(), executions));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Job> list(JobQuery q) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (q.status() != null) {
            where.append(" AND j.status = :status");
            params.put("status", q.status());
        }
        if (q.ruleId() != null) {
            where.append(" AND j.ruleId = :ruleId");
            params.put("ruleId", q.ruleId());
        }
        if (q.eventId() != null) {
            where.append(" AND j.eventId = :eventId");
            params.put("eventId", q.eventId());
        }
        if (q.action() != null) {
            where.append(" AND j.action = :action");
            params.put("action", q.action());
        }
        // Newest first: an id is made from its job's creation instant (NewJob.of), and one index in this order serves
        // the page on Derby too (V12).
        TypedQuery<JobEntity> items = em.createQuery(
                "SELECT j FROM JobEntity j" + where + " ORDER BY j.id DESC", JobEntity.class);
        TypedQuery<Long> count = em.createQuery("SELECT COUNT(j) FROM JobEntity j" + where, Long.class);
        params.forEach((k, v) -> {
            items.setParameter(k, v);
            count.setParameter(k, v);
        });
        List<Job> jobs = items.setFirstResult(q.offset()).setMaxResults(q.limit())
                .getResultStream().map(JobEntity::toJob).toList();
        return new Page<>(jobs, count.getSingleResult());
    }

    /** Moves a pending job to a new due time: one conditional statement, so the answer matches what happened. */
    public Outcome<Job> reschedule(String id, Instant time) {
        Instant at = time.truncatedTo(ChronoUnit.MILLIS);
        JobRepository.Change change = sql(() -> repository().reschedule(connection(), id, at, clock.instant()));
        if (change == JobRepository.Change.NOT_FOUND) {
            return Outcome.refused(notFound(id));
        }
        if (change == JobRepository.Change.CONFLICT) {
            return Outcome.refused(new ConflictException("job " + id + " is " + currentStatus(id)
                    + "; only " + JobStatus.words(JobStatus.PENDING) + " jobs can be rescheduled"));
        }
        scheduledEvents.fire(new JobsScheduled(at));
        return Outcome.of(find(id).toJob());
    }

    /**
     * Cancels one job; a running job is asked to stop. Cancelling a cancelled job changes nothing (its first
     * cancellation keeps saying who).
     *
     * @param by who cancels (a principal's name, {@code anonymous}): the job's {@code lastError} says "cancelled by ..."
     */
    public Outcome<Void> cancel(String id, String by) {
        CancelResult r = cancelAll(List.of(id), by);
        if (!r.notFound().isEmpty()) {
            return Outcome.refused(notFound(id));
        }
        if (!r.notCancellable().isEmpty()) {
            return Outcome.refused(new ConflictException("job " + id + " has already ended"));
        }
        return Outcome.done();
    }

    public record CancelResult(List<String> cancelled, List<String> notFound, List<String> notCancellable) {
    }

    public CancelResult cancelAll(List<String> ids, String by) {
        return cancel(ids, cancelledBy(by));
    }

    /**
     * Cancels a job for the engine's own reason if it is still running (its {@code lastError} says "cancelled: " and
     * {@code why}): one that ended meanwhile, or failed and waits for its retry, is left as it is.
     */
    public CancelResult cancelIfRunning(String id, String why) {
        return cancelled(sql(() -> repository().cancel(connection(), List.of(id), java.util.EnumSet.of(JobStatus.RUNNING),
                CANCELLED + why, clock.instant())));
    }

    private CancelResult cancel(List<String> ids, String reason) {
        return cancelled(sql(() -> repository().cancel(connection(), ids, reason, clock.instant())));
    }

    private static final String CANCELLED = "cancelled: ";

    /** What a cancelled job's {@code lastError} says when a caller cancelled it. */
    public static String cancelledBy(String by) {
        return "cancelled by " + (by == null || by.isBlank() ? "anonymous" : by);
    }

    /**
     * Cancels the jobs of a rule that have not run yet (its deletion, a pause, or a new schedule). @return their ids
     *
     * @param why what happened to the rule, and who did it: each job's {@code lastError} says "cancelled: " and this
     */
    public List<String> cancelPending(String ruleId, String why) {
        String reason = CANCELLED + why;
        return cancelled(sql(() -> repository().cancelPendingOfRule(connection(), ruleId, reason, clock.instant()))).cancelled();
    }

    private CancelResult cancelled(JobRepository.Cancelled r) {
        if (!r.cancelled().isEmpty()) {
            // Running ones on this node stop at once; elsewhere their node's next heartbeat finds the claim gone.
            cancelledEvents.fire(new JobsCancelled(List.copyOf(r.cancelled())));
        }
        return new CancelResult(r.cancelled(), r.notFound(), r.notCancellable());
    }

    /** The jobs an event caused, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> idsByEvent(String eventId) {
        return em.createQuery("SELECT j.id FROM JobEntity j WHERE j.eventId = :e ORDER BY j.createdAt, j.id", String.class)
                .setParameter("e", eventId).getResultList();
    }

    /** The dead job starts over: due now, attempts reset. */
    public Outcome<Job> retryDead(String id) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Outcome<Void> change = deadLetterChange(id, sql(() -> repository().retryDead(connection(), id, now)));
        if (change.isRefused()) {
            return change.refusal();
        }
        scheduledEvents.fire(new JobsScheduled(now));
        return Outcome.of(find(id).toJob());
    }

    /** Removes a dead job and its executions for good. */
    public Outcome<Void> deleteDead(String id) {
        return deadLetterChange(id, sql(() -> repository().deleteDead(connection(), id)));
    }

    private Outcome<Void> deadLetterChange(String id, JobRepository.Change change) {
        if (change == JobRepository.Change.NOT_FOUND) {
            return Outcome.refused(notFound(id));
        }
        if (change == JobRepository.Change.CONFLICT) {
            return Outcome.refused(new ConflictException("job " + id + " is " + currentStatus(id) + ", not a dead letter"));
        }
        return Outcome.done();
    }

    private String currentStatus(String id) {
        return sql(() -> repository().status(connection(), id)).map(Enum::name).orElse("gone");
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<JobStatus, Long> countByStatus() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus s : JobStatus.values()) {
            counts.put(s, 0L);
        }
        for (Object[] row : em.createQuery("SELECT j.status, COUNT(j) FROM JobEntity j GROUP BY j.status", Object[].class)
                .getResultList()) {
            counts.put((JobStatus) row[0], (Long) row[1]);
        }
        return counts;
    }

    /** A job this transaction has just changed (it exists). */
    private JobEntity find(String id) {
        JobEntity e = em.find(JobEntity.class, id);
        if (e == null) {
            throw new IllegalStateException("job " + id + " vanished inside the transaction that changed it");
        }
        return e;
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no job with id '" + id + "'");
    }

    /** JPA's own connection: the repository's writes and JPA's reads see one transaction. */
    private Connection connection() {
        return em.unwrap(Connection.class);
    }

    private JobRepository repository() {
        return repository;
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private static <T> T sql(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
}

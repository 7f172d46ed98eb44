package dev.timeos.job;

import dev.timeos.action.ActionRegistry;
import dev.timeos.error.ConflictException;
import dev.timeos.error.FieldError;
import dev.timeos.error.InvalidInputException;
import dev.timeos.error.NotFoundException;
import dev.timeos.lifecycle.JobScheduled;
import dev.timeos.lifecycle.LifecycleEvents;
import dev.timeos.store.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
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

    public Job create(JobRequest request) {
        Created c = createAll(List.of(request)).get(0);
        if (c.error() != null) {
            throw c.error();
        }
        return c.job();
    }

    /** Valid items are stored together; an invalid item is refused without stopping the others. */
    public List<Created> createAll(List<JobRequest> requests) {
        // Stored with millisecond precision: answer with what is stored.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Created> out = new ArrayList<>(requests.size());
        Instant earliest = null;
        for (JobRequest r : requests) {
            List<FieldError> errors = new ArrayList<>();
            JobEntity dependency = validate(r, errors);
            if (!errors.isEmpty()) {
                out.add(new Created(null, new InvalidInputException(errors)));
                continue;
            }
            JobEntity e = newEntity(r, dependency, now);
            em.persist(e);
            out.add(new Created(e.toJob(), null));
            lifecycle.fireAfterCommit(new JobScheduled(e.id, e.action, e.ruleId, e.eventId, e.performAt));
            if (e.status == JobStatus.SCHEDULED && (earliest == null || e.performAt.isBefore(earliest))) {
                earliest = e.performAt;
            }
        }
        if (earliest != null) {
            scheduledEvents.fire(new JobsScheduled(earliest));
        }
        return out;
    }

    private JobEntity validate(JobRequest r, List<FieldError> errors) {
        if (r.action() == null || r.action().isBlank()) {
            errors.add(new FieldError("action", "is required"));
        } else if (!actions.exists(r.action())) {
            errors.add(new FieldError("action", "unknown action '" + r.action() + "'; registered: " + actions.names()));
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
        if (r.timeout() != null && (r.timeout().isNegative() || r.timeout().isZero())) {
            errors.add(new FieldError("timeout", "must be positive"));
        }
        if (r.target() != null && r.target().length() > JobDefaults.MAX_TARGET_CHARS) {
            errors.add(new FieldError("target", "is longer than " + JobDefaults.MAX_TARGET_CHARS + " characters"));
        }
        if (r.payload() != null && r.payload().toString().length() > JobDefaults.MAX_ARGS_CHARS) {
            errors.add(new FieldError("payload", "is larger than " + JobDefaults.MAX_ARGS_CHARS + " characters of JSON"));
        }
        JobEntity dependency = null;
        if (r.dependsOn() != null) {
            // Locked, so that the dependency cannot end between this check and our commit: its completion
            // then waits for us and releases (or cancels) the new job, which it would otherwise not yet see.
            dependency = em.find(JobEntity.class, r.dependsOn(), LockModeType.PESSIMISTIC_WRITE);
            if (dependency == null) {
                errors.add(new FieldError("dependsOn", "no job with id '" + r.dependsOn() + "'"));
            } else if (dependency.status == JobStatus.DEAD || dependency.status == JobStatus.CANCELLED) {
                errors.add(new FieldError("dependsOn", "job " + r.dependsOn() + " is " + dependency.status + " and will never succeed"));
            }
        }
        return dependency;
    }

    private JobEntity newEntity(JobRequest r, JobEntity dependency, Instant now) {
        JobEntity e = new JobEntity();
        e.id = Ids.newId();
        e.ruleId = r.ruleId();
        e.eventId = r.eventId();
        e.action = r.action();
        e.target = r.target();
        e.args = (r.payload() == null ? JsonObject.EMPTY_JSON_OBJECT : r.payload()).toString();
        e.performAt = r.time() == null ? now : r.time().truncatedTo(ChronoUnit.MILLIS);
        e.priority = r.priority() == null ? JobDefaults.PRIORITY : r.priority();
        e.status = dependency != null && dependency.status != JobStatus.SUCCEEDED ? JobStatus.WAITING : JobStatus.SCHEDULED;
        e.attempt = 0;
        e.maxAttempts = r.maxAttempts() == null ? JobDefaults.MAX_ATTEMPTS : r.maxAttempts();
        e.backoffMillis = (r.backoff() == null ? JobDefaults.BACKOFF : r.backoff()).toMillis();
        e.timeoutMillis = r.timeout() == null ? null : r.timeout().toMillis();
        e.dependsOn = r.dependsOn();
        e.createdAt = now;
        e.updatedAt = now;
        return e;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public JobDetails details(String id) {
        JobEntity e = em.find(JobEntity.class, id);
        if (e == null) {
            throw new NotFoundException("no job with id '" + id + "'");
        }
        List<Execution> executions = em.createQuery(
                        "SELECT x FROM ExecutionEntity x WHERE x.jobId = :id ORDER BY x.id", ExecutionEntity.class)
                .setParameter("id", id)
                .getResultStream().map(ExecutionEntity::toExecution).toList();
        return new JobDetails(e.toJob(), executions);
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
        TypedQuery<JobEntity> items = em.createQuery(
                "SELECT j FROM JobEntity j" + where + " ORDER BY j.createdAt DESC, j.id DESC", JobEntity.class);
        TypedQuery<Long> count = em.createQuery("SELECT COUNT(j) FROM JobEntity j" + where, Long.class);
        params.forEach((k, v) -> {
            items.setParameter(k, v);
            count.setParameter(k, v);
        });
        List<Job> jobs = items.setFirstResult(q.offset()).setMaxResults(q.limit())
                .getResultStream().map(JobEntity::toJob).toList();
        return new Page<>(jobs, count.getSingleResult());
    }

    /** Moves a pending job to a new due time. */
    public Job reschedule(String id, Instant time) {
        JobEntity e = find(id);
        if (!e.status.isPending()) {
            throw new ConflictException("job " + id + " is " + e.status + "; only SCHEDULED, WAITING or FAILED jobs can be rescheduled");
        }
        Instant at = time.truncatedTo(ChronoUnit.MILLIS);
        e.reschedule(at, clock.instant());
        scheduledEvents.fire(new JobsScheduled(at));
        return e.toJob();
    }

    /** Cancels one job; a running job is asked to stop. Cancelling a cancelled job changes nothing. */
    public void cancel(String id) {
        CancelResult r = cancelAll(List.of(id));
        if (!r.notFound().isEmpty()) {
            throw new NotFoundException("no job with id '" + id + "'");
        }
        if (!r.notCancellable().isEmpty()) {
            throw new ConflictException("job " + id + " has already ended");
        }
    }

    public record CancelResult(List<String> cancelled, List<String> notFound, List<String> notCancellable) {
    }

    public CancelResult cancelAll(List<String> ids) {
        Instant now = clock.instant();
        List<String> cancelled = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        List<String> notCancellable = new ArrayList<>();
        for (String id : ids) {
            JobEntity e = em.find(JobEntity.class, id);
            if (e == null) {
                notFound.add(id);
            } else if (e.status == JobStatus.CANCELLED) {
                cancelled.add(id);
            } else if (e.status.isFinal()) {
                notCancellable.add(id);
            } else {
                e.cancel(now);
                cancelled.add(id);
            }
        }
        if (!cancelled.isEmpty()) {
            em.flush();
            try {
                Dependencies.cancelDependents(em.unwrap(Connection.class), cancelled, "was cancelled", now);
            } catch (SQLException ex) {
                throw new IllegalStateException("could not cancel dependent jobs: " + ex.getMessage(), ex);
            }
            cancelledEvents.fire(new JobsCancelled(List.copyOf(cancelled)));
        }
        return new CancelResult(cancelled, notFound, notCancellable);
    }

    /** Cancels the jobs of a rule that have not run yet (its deletion, or a new schedule). @return their ids */
    public List<String> cancelPending(String ruleId) {
        List<String> ids = em.createQuery("SELECT j.id FROM JobEntity j WHERE j.ruleId = :r AND j.status IN :pending", String.class)
                .setParameter("r", ruleId)
                .setParameter("pending", List.of(JobStatus.SCHEDULED, JobStatus.WAITING, JobStatus.FAILED))
                .getResultList();
        return ids.isEmpty() ? ids : cancelAll(ids).cancelled();
    }

    /** The jobs an event caused, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> idsByEvent(String eventId) {
        return em.createQuery("SELECT j.id FROM JobEntity j WHERE j.eventId = :e ORDER BY j.createdAt, j.id", String.class)
                .setParameter("e", eventId).getResultList();
    }

    /** The dead job starts over: due now, attempts reset. */
    public Job retryDead(String id) {
        JobEntity e = findDead(id);
        Instant now = clock.instant();
        e.restart(now);
        scheduledEvents.fire(new JobsScheduled(now));
        return e.toJob();
    }

    /** Removes a dead job and its executions for good. */
    public void deleteDead(String id) {
        JobEntity e = findDead(id);
        em.createQuery("DELETE FROM ExecutionEntity x WHERE x.jobId = :id").setParameter("id", id).executeUpdate();
        em.remove(e);
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

    private JobEntity find(String id) {
        JobEntity e = em.find(JobEntity.class, id);
        if (e == null) {
            throw new NotFoundException("no job with id '" + id + "'");
        }
        return e;
    }

    private JobEntity findDead(String id) {
        JobEntity e = find(id);
        if (e.status != JobStatus.DEAD) {
            throw new ConflictException("job " + id + " is " + e.status + ", not a dead letter");
        }
        return e;
    }
}

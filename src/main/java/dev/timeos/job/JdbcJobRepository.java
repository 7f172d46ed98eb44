package dev.timeos.job;

import dev.timeos.store.Database;
import dev.timeos.store.Dialect;
import dev.timeos.store.OneWriterAtATime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.timeos.job.JobSql.FENCE;
import static dev.timeos.job.JobSql.setMillis;
import static dev.timeos.job.JobSql.setText;
import static dev.timeos.job.JobSql.truncate;
import static dev.timeos.job.JobStatus.sql;

/**
 * {@link JobRepository} in plain SQL for Derby and PostgreSQL: set-based, no JPA on the hot path. This class writes jobs
 * (creation, ends, leases, clients' changes); its parts, each a class of its own in this package: {@link Claims} (the
 * dispatcher's reads and claims of due jobs), {@link ExecutionLog} (one row per attempt), {@link Orphans} (running jobs
 * no claim holds, taken back), {@link Dependents} (jobs waiting on another), {@link EndedJobs} (retention), with the
 * statement pieces they share in {@link JobSql}.
 */
@ApplicationScoped
public class JdbcJobRepository implements JobRepository {

    private static final String DUPLICATE_KEY = "23505";

    @Inject
    Database database;

    private volatile Dialect dialect;
    /** Derby's batch inserts of jobs take turns: faster than side by side (see OneWriterAtATime). */
    private final OneWriterAtATime insertTurns = new OneWriterAtATime(OneWriterAtATime.PATIENCE);
    /** Where Derby's reads of claimable jobs start (see DueFloor); every write that makes a job claimable lowers it. */
    private final DueFloor dueFloor;
    private final Claims claims;
    private final Orphans orphans;

    protected JdbcJobRepository() {
        this(null, new DueFloor(System::nanoTime, DueFloor.REFRESH));
    }

    /** Outside a container (tests): for this database. */
    public JdbcJobRepository(Dialect dialect) {
        this(dialect, new DueFloor(System::nanoTime, DueFloor.REFRESH));
    }

    JdbcJobRepository(Dialect dialect, DueFloor dueFloor) {
        this.dialect = dialect;
        this.dueFloor = dueFloor;
        this.claims = new Claims(dueFloor, this::betweenReadAndClaim);
        this.orphans = new Orphans(dueFloor);
    }

    private Dialect dialect() {
        if (dialect == null) {
            dialect = database.dialect();
        }
        return dialect;
    }

    // ---- creation

    private static final String INSERT = "INSERT INTO timeos_job (id, rule_id, event_id, action_name, target, args, "
            + "perform_at, priority, status, attempt, max_attempts, backoff_ms, timeout_ms, depends_on, occurrence_at, "
            + "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, 0)";

    @Override
    public void insert(Connection c, List<NewJob> jobs) throws SQLException {
        if (jobs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (NewJob j : jobs) {
                bindInsert(ps, j);
                ps.addBatch();
            }
            insertTurns.executeBatch(ps, dialect());
        }
        Dependents.list(c, jobs);
        jobs.stream().filter(j -> JobStatus.CLAIMABLE.contains(j.status())).mapToLong(j -> j.performAt().toEpochMilli())
                .min().ifPresent(dueFloor::lower);
    }

    @Override
    public boolean insertOccurrence(Connection c, NewJob job) throws SQLException {
        String sql = INSERT + (dialect() == Dialect.POSTGRESQL ? " ON CONFLICT (rule_id, occurrence_at) WHERE occurrence_at IS NOT NULL DO NOTHING" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindInsert(ps, job);
            boolean inserted = ps.executeUpdate() == 1;
            if (inserted) {
                Dependents.list(c, List.of(job));
            }
            if (inserted && JobStatus.CLAIMABLE.contains(job.status())) {
                dueFloor.lower(job.performAt().toEpochMilli());
            }
            return inserted;
        } catch (SQLException e) {
            // Derby: another node planned it first (PostgreSQL says so with zero rows instead).
            if (DUPLICATE_KEY.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static void bindInsert(PreparedStatement ps, NewJob j) throws SQLException {
        ps.setString(1, j.id());
        ps.setString(2, j.ruleId());
        ps.setString(3, j.eventId());
        ps.setString(4, j.action());
        ps.setString(5, j.target());
        ps.setString(6, j.args());
        ps.setLong(7, j.performAt().toEpochMilli());
        ps.setInt(8, j.priority());
        ps.setString(9, j.status().name());
        ps.setInt(10, j.maxAttempts());
        ps.setLong(11, j.backoff().toMillis());
        setMillis(ps, 12, j.timeout() == null ? null : j.timeout().toMillis());
        ps.setString(13, j.dependsOn());
        setMillis(ps, 14, j.occurrenceAt() == null ? null : j.occurrenceAt().toEpochMilli());
        ps.setLong(15, j.createdAt().toEpochMilli());
        ps.setLong(16, j.createdAt().toEpochMilli());
    }

    @Override
    public Map<String, JobStatus> lockAll(Connection c, Collection<String> ids) throws SQLException {
        Map<String, JobStatus> states = new TreeMap<>();
        // A write that changes nothing takes the row lock on both databases and holds it until commit. In id order, as
        // every other multi-row write; and since ids follow creation instants (Ids.newId) and a dependent is made after
        // its dependency, this takes a dependency before its dependents, as the dependency's end does.
        try (PreparedStatement ps = c.prepareStatement("UPDATE timeos_job SET version = version WHERE id = ?")) {
            for (String id : new TreeSet<>(ids)) {
                ps.setString(1, id);
                if (ps.executeUpdate() == 1) {
                    status(c, id).ifPresent(s -> states.put(id, s));
                }
            }
        }
        return states;
    }

    // ---- dispatching

    @Override
    public List<Attempt> claim(Connection c, String node, Instant now, Instant dueBy, int limit, Instant leaseUntil,
                               Set<String> skippedActions) throws SQLException {
        return claims.claim(c, dialect(), node, now, dueBy, limit, leaseUntil, skippedActions);
    }

    /** Where a client's change can land between the Derby claim's read and its update (tests make one there). */
    void betweenReadAndClaim() {
    }

    @Override
    public Optional<Instant> nextDue(Connection c, Set<String> skippedActions) throws SQLException {
        return claims.nextDue(c, dialect(), skippedActions);
    }

    @Override
    public long countDue(Connection c, Instant now) throws SQLException {
        return Claims.countDue(c, now);
    }

    @Override
    public void markStarted(Connection c, Collection<Attempt> started) throws SQLException {
        if (started.isEmpty()) {
            return;
        }
        List<Attempt> byId = new ArrayList<>(started);
        byId.sort(Comparator.comparing(Attempt::id));
        try (PreparedStatement ps = c.prepareStatement("UPDATE timeos_job SET started_at = ?" + FENCE)) {
            for (Attempt a : byId) {
                ps.setLong(1, a.startedAt().toEpochMilli());
                ps.setString(2, a.id());
                ps.setLong(3, a.version());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public Ended end(Connection c, List<AttemptEnd> ends, Instant now) throws SQLException {
        List<AttemptEnd> succeeded = new ArrayList<>();
        List<AttemptEnd> other = new ArrayList<>();
        List<AttemptEnd> recordOnly = new ArrayList<>();
        // Each run of writes below takes its rows in id order (on PostgreSQL the successes in the plan's order, see
        // succeedAll), as a cancel and a batch's dependencies do. The transaction as a whole is not one order (its
        // successes before its other ends, after markStarted): a client's write of several of these rows can meet it
        // in a deadlock, which the database breaks, and the writer retries (CompletionWriter), its leases held.
        List<AttemptEnd> byId = new ArrayList<>(ends);
        byId.sort(Comparator.comparing(e -> e.attempt().id()));
        for (AttemptEnd e : byId) {
            if (e.next() == null) {
                recordOnly.add(e);
            } else if (e.next() == JobStatus.SUCCEEDED) {
                succeeded.add(e);
            } else {
                other.add(e);
            }
        }
        List<AttemptEnd> applied = new ArrayList<>();
        List<AttemptEnd> refused = new ArrayList<>();
        if (dialect() == Dialect.POSTGRESQL) {
            succeedAll(c, succeeded, now, applied, refused);
        } else {
            try (PreparedStatement ps = c.prepareStatement("UPDATE timeos_job SET status = 'SUCCEEDED', finished_at = ?, "
                    + "started_at = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?, version = version + 1" + FENCE)) {
                for (AttemptEnd e : succeeded) {
                    ps.setLong(1, e.finishedAt().toEpochMilli());
                    setMillis(ps, 2, startedMillis(e));
                    ps.setLong(3, now.toEpochMilli());
                    ps.setString(4, e.attempt().id());
                    ps.setLong(5, e.attempt().version());
                    ps.addBatch();
                }
                split(succeeded, ps, applied, refused);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE timeos_job SET status = ?, perform_at = ?, "
                + "last_error = COALESCE(?, last_error), finished_at = ?, started_at = ?, attempt = attempt - ?, "
                + "lease_owner = NULL, lease_expires_at = NULL, updated_at = ?, version = version + 1" + FENCE)) {
            for (AttemptEnd e : other) {
                ps.setString(1, e.next().name());
                ps.setLong(2, e.nextDue().toEpochMilli());
                setText(ps, 3, truncate(e.error()));
                setMillis(ps, 4, e.next() == JobStatus.SCHEDULED ? null : e.finishedAt().toEpochMilli());
                setMillis(ps, 5, e.uncounted() ? null : startedMillis(e));
                ps.setInt(6, e.uncounted() ? 1 : 0);
                ps.setLong(7, now.toEpochMilli());
                ps.setString(8, e.attempt().id());
                ps.setLong(9, e.attempt().version());
                ps.addBatch();
            }
            split(other, ps, applied, refused);
        }
        applied.stream().filter(e -> JobStatus.CLAIMABLE.contains(e.next())).mapToLong(e -> e.nextDue().toEpochMilli())
                .min().ifPresent(dueFloor::lower);
        List<AttemptEnd> recorded = new ArrayList<>(applied);
        recorded.addAll(recordOnly);
        ExecutionLog.insert(c, dialect(), recorded.stream().filter(e -> e.outcome() != null).toList());
        List<Lease> stale = ExecutionLog.recordStale(c, refused.stream().filter(e -> e.outcome() != null).toList());
        refused.stream().filter(e -> e.outcome() == null).forEach(e -> stale.add(e.attempt().lease()));

        List<String> ok = new ArrayList<>();
        List<String> retried = new ArrayList<>();
        List<String> dead = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Instant earliest = null;
        for (AttemptEnd e : applied) {
            String id = e.attempt().id();
            if (e.next() == JobStatus.SUCCEEDED) {
                ok.add(id);
            } else if (e.next() == JobStatus.DEAD) {
                dead.add(id);
            } else if (e.next() == JobStatus.CANCELLED) {
                skipped.add(id);
            } else {
                if (e.retries()) {
                    retried.add(id);
                }
                earliest = earliest == null || e.nextDue().isBefore(earliest) ? e.nextDue() : earliest;
            }
        }
        if (Dependents.release(c, dialect(), ok, now) > 0) {
            earliest = now;
            // Due as they were set when created: their due times are not read here.
            dueFloor.forget();
        }
        Dependents.cancel(c, dialect(), dead, "is DEAD", now);
        Dependents.cancel(c, dialect(), skipped, "was skipped", now);
        return new Ended(ok, retried, dead, stale, earliest);
    }

    /** The job shows when its last attempt began (the claim leaves it empty until a worker starts it). */
    private static Long startedMillis(AttemptEnd e) {
        return e.attempt().startedAt() == null ? null : e.attempt().startedAt().toEpochMilli();
    }

    private static void split(List<AttemptEnd> ends, PreparedStatement ps, List<AttemptEnd> applied,
                              List<AttemptEnd> refused) throws SQLException {
        if (ends.isEmpty()) {
            return;
        }
        int[] counts = ps.executeBatch();
        for (int i = 0; i < counts.length; i++) {
            (counts[i] == 0 ? refused : applied).add(ends.get(i));
        }
    }

    /**
     * PostgreSQL: the succeeded ends of a batch in one statement, each row still fenced by its id, version and status
     * (the same conditions as {@link JobSql#FENCE}); a row the statement did not return was refused. One statement instead of
     * one per job: measured on this machine, 100 ends and their execution rows per transaction, 40,000 rows, the
     * statement-per-row batch wrote 13-19k jobs/s and this 27-36k. Unlike the per-row batch, the rows are locked in
     * the plan's order, not necessarily by id (EXPLAIN: a hash join against the RUNNING rows). Forcing the id order
     * with a locking sub-select cost 4-5x here. What is given up is small: the only other writers of these rows are
     * single-row statements, a cancel of a list of jobs and a batch's lock of its dependencies (lockAll); a deadlock with one of those aborts the batch and this
     * writer's caller retries it (CompletionWriter), the leases held meanwhile.
     */
    private static void succeedAll(Connection c, List<AttemptEnd> succeeded, Instant now, List<AttemptEnd> applied,
                                   List<AttemptEnd> refused) throws SQLException {
        if (succeeded.isEmpty()) {
            return;
        }
        int n = succeeded.size();
        String[] ids = new String[n];
        Long[] versions = new Long[n];
        Long[] finished = new Long[n];
        Long[] started = new Long[n];
        for (int i = 0; i < n; i++) {
            AttemptEnd e = succeeded.get(i);
            ids[i] = e.attempt().id();
            versions[i] = e.attempt().version();
            finished[i] = e.finishedAt().toEpochMilli();
            started[i] = startedMillis(e);
        }
        Set<String> done = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("UPDATE timeos_job j SET status = 'SUCCEEDED', "
                + "finished_at = v.finished_at, started_at = v.started_at, lease_owner = NULL, lease_expires_at = NULL, "
                + "updated_at = ?, version = j.version + 1 "
                + "FROM unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[]) AS v(id, version, finished_at, started_at) "
                + "WHERE j.id = v.id AND j.version = v.version AND j.status = 'RUNNING' RETURNING j.id")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setArray(2, c.createArrayOf("varchar", ids));
            ps.setArray(3, c.createArrayOf("int8", versions));
            ps.setArray(4, c.createArrayOf("int8", finished));
            ps.setArray(5, c.createArrayOf("int8", started));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    done.add(rs.getString(1));
                }
            }
        }
        for (AttemptEnd e : succeeded) {
            (done.contains(e.attempt().id()) ? applied : refused).add(e);
        }
    }

    @Override
    public Set<Lease> renew(Connection c, Collection<Lease> held, Instant leaseUntil) throws SQLException {
        Set<Lease> lost = new HashSet<>();
        if (held.isEmpty()) {
            return lost;
        }
        List<Lease> leases = new ArrayList<>(held);
        leases.sort(Comparator.comparing(Lease::jobId));
        try (PreparedStatement ps = c.prepareStatement("UPDATE timeos_job SET lease_expires_at = ?" + FENCE)) {
            for (Lease l : leases) {
                ps.setLong(1, leaseUntil.toEpochMilli());
                ps.setString(2, l.jobId());
                ps.setLong(3, l.version());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    lost.add(leases.get(i));
                }
            }
        }
        return lost;
    }

    // ---- orphans: running jobs no live claim holds (Orphans)

    @Override
    public List<String> handBackUnheld(Connection c, String node, Set<Lease> held, Instant claimedBefore, Instant now)
            throws SQLException {
        return orphans.handBackUnheld(c, node, held, claimedBefore, now);
    }

    @Override
    public List<String> reapExpired(Connection c, String exceptNode, Instant now) throws SQLException {
        return orphans.reapExpired(c, dialect(), exceptNode, now);
    }

    @Override
    public List<String> recoverNode(Connection c, String node, Instant now) throws SQLException {
        return orphans.recoverNode(c, node, now);
    }

    @Override
    public Optional<String> runningPreviousOccurrence(Connection c, String ruleId, Instant occurrenceAt) throws SQLException {
        // The latest earlier occurrence still running (a skipped one in between does not count): one probe of an index
        // of running occurrences, not a scan of the rule's history. PostgreSQL's is partial (rule_id, occurrence_at)
        // WHERE status = 'RUNNING'; Derby's is over a generated column, the rule of a running occurrence (its V11).
        String sql = dialect() == Dialect.POSTGRESQL
                ? "SELECT id FROM timeos_job WHERE rule_id = ? AND status = 'RUNNING' AND occurrence_at < ? "
                        + "ORDER BY rule_id DESC, status DESC, occurrence_at DESC FETCH FIRST 1 ROWS ONLY"
                : "SELECT id FROM timeos_job WHERE running_occurrence_of = ? AND occurrence_at < ? "
                        + "ORDER BY running_occurrence_of, occurrence_at DESC FETCH FIRST 1 ROWS ONLY";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, ruleId);
            ps.setLong(2, occurrenceAt.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    // ---- clients

    @Override
    public Change reschedule(Connection c, String id, Instant at, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE timeos_job SET perform_at = ?, updated_at = ?, "
                + "version = version + 1 WHERE id = ? AND status IN " + sql(JobStatus.PENDING))) {
            ps.setLong(1, at.toEpochMilli());
            ps.setLong(2, now.toEpochMilli());
            ps.setString(3, id);
            int changed = ps.executeUpdate();
            if (changed > 0) {
                dueFloor.lower(at.toEpochMilli());
            }
            return answer(c, id, changed);
        }
    }

    @Override
    public Change retryDead(Connection c, String id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE timeos_job SET status = 'SCHEDULED', perform_at = ?, "
                + "attempt = 0, finished_at = NULL, updated_at = ?, version = version + 1 WHERE id = ? AND status = 'DEAD'")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setLong(2, now.toEpochMilli());
            ps.setString(3, id);
            int changed = ps.executeUpdate();
            if (changed > 0) {
                dueFloor.lower(now.toEpochMilli());
            }
            return answer(c, id, changed);
        }
    }

    @Override
    public Change deleteDead(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM timeos_job WHERE id = ? AND status = 'DEAD'")) {
            ps.setString(1, id);
            Change change = answer(c, id, ps.executeUpdate());
            if (change == Change.DONE) {
                try (PreparedStatement x = c.prepareStatement("DELETE FROM timeos_execution WHERE job_id = ?")) {
                    x.setString(1, id);
                    x.executeUpdate();
                }
            }
            return change;
        }
    }

    /** Zero rows changed is an answer: no such job, or it is in a state the change cannot start from. */
    private Change answer(Connection c, String id, int changed) throws SQLException {
        if (changed == 1) {
            return Change.DONE;
        }
        return status(c, id).isPresent() ? Change.CONFLICT : Change.NOT_FOUND;
    }

    /**
     * Each job is changed by its own conditional statement, in id order, as the release of dependents and every other
     * cancel take theirs, so two of them can wait for each other's rows only one way, never in a cycle (on PostgreSQL a
     * claim never waits: SKIP LOCKED; PostgreSQL's batch end does not keep this order, see succeedAll, nor does Derby's
     * claim, which writes its batch in the claim's order: a deadlock with either is broken by the database, and the
     * claim or end is retried). The answer's lists keep the caller's order.
     */
    @Override
    public Cancelled cancel(Connection c, Collection<String> ids, Set<JobStatus> from, String reason, Instant now)
            throws SQLException {
        if (!JobStatus.CANCELLABLE.containsAll(from)) {
            throw new IllegalArgumentException("a cancel starts only from " + JobStatus.CANCELLABLE + ", not " + from);
        }
        return cancel(c, ids, from, "", reason, now);
    }

    /**
     * Only jobs still pending when their own statement runs: one the dispatcher claimed since the select is running, and
     * is left to run (the select's view is not the write's condition). Each cancelled job gives its occurrence key back
     * ({@code occurrence_at} to NULL): a pause and resume, or a new schedule, plans from now, and may plan the same
     * instant again. Kept, the cancelled row's key would take the new plan's insert for another node's plan
     * ({@link #insertOccurrence}), and the run would be lost without a word.
     */
    @Override
    public Cancelled cancelPendingOfRule(Connection c, String ruleId, String reason, Instant now) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM timeos_job WHERE rule_id = ? AND status IN "
                + sql(JobStatus.PENDING))) {
            ps.setString(1, ruleId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return cancel(c, ids, JobStatus.PENDING, "occurrence_at = NULL, ", reason, now);
    }

    /** Cancels each job of {@code ids} in a status of {@code from}, with {@code alsoSet} in the same statement. */
    private Cancelled cancel(Connection c, Collection<String> ids, Set<JobStatus> from, String alsoSet, String reason,
                             Instant now) throws SQLException {
        Set<String> newlyCancelled = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("UPDATE timeos_job SET status = 'CANCELLED', "
                + "last_error = COALESCE(?, last_error), finished_at = ?, lease_owner = NULL, lease_expires_at = NULL, "
                + alsoSet + "updated_at = ?, version = version + 1 WHERE id = ? AND status IN " + sql(from))) {
            for (String id : new TreeSet<>(ids)) {
                setText(ps, 1, reason);
                ps.setLong(2, now.toEpochMilli());
                ps.setLong(3, now.toEpochMilli());
                ps.setString(4, id);
                if (ps.executeUpdate() == 1) {
                    newlyCancelled.add(id);
                }
            }
        }
        List<String> cancelled = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        List<String> notCancellable = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            if (newlyCancelled.contains(id)) {
                cancelled.add(id);
                continue;
            }
            // Zero rows changed is an answer: gone, cancelled already, or in a state a cancel cannot start from.
            Optional<JobStatus> s = status(c, id);
            if (s.isEmpty()) {
                notFound.add(id);
            } else if (s.get() == JobStatus.CANCELLED) {
                cancelled.add(id);
            } else {
                notCancellable.add(id);
            }
        }
        List<String> dependents = Dependents.cancel(c, dialect(), newlyCancelled, "was cancelled", now);
        return new Cancelled(cancelled, notFound, notCancellable, dependents);
    }

    @Override
    public Optional<JobStatus> status(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM timeos_job WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(JobStatus.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    // ---- retention (issue 11): ended jobs go after a while, dead letters never (EndedJobs)

    /** How many jobs {@link #deleteEnded} would remove with no limit. */
    public long countEnded(Connection c, JobStatus status, Instant before) throws SQLException {
        return EndedJobs.count(c, dialect(), status, before);
    }

    /** Removes at most {@code limit} of them (see {@link EndedJobs#delete}). @return how many jobs were removed */
    public int deleteEnded(Connection c, JobStatus status, Instant before, int limit) throws SQLException {
        return EndedJobs.delete(c, dialect(), status, before, limit);
    }

}

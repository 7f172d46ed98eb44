package dev.timeos.job;

import dev.timeos.job.Execution.Outcome;
import dev.timeos.store.Database;
import dev.timeos.store.Dialect;
import dev.timeos.store.Jdbc;
import dev.timeos.store.OneWriterAtATime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.timeos.job.JobStatus.sql;

/** {@link JobRepository} in plain SQL for Derby and PostgreSQL: set-based, no JPA on the hot path. */
@ApplicationScoped
public class JdbcJobRepository implements JobRepository {

    static final int MAX_ERROR_CHARS = 4000;
    private static final String DUPLICATE_KEY = "23505";
    private static final String CLAIMABLE = "status IN " + sql(JobStatus.CLAIMABLE);
    /** The claim's order; on PostgreSQL served by the partial index timeos_job_claim (migration V5). */
    private static final String ORDER = " ORDER BY priority DESC, perform_at, id";
    private static final Comparator<Attempt> CLAIM_ORDER = Comparator.comparingInt(Attempt::priority).reversed()
            .thenComparing(Attempt::performAt).thenComparing(Attempt::id);
    private static final String ATTEMPT_COLUMNS = "id, rule_id, event_id, action_name, target, args, perform_at, priority, "
            + "attempt, max_attempts, backoff_ms, timeout_ms, occurrence_at, version";
    /** Every write to a claimed job: the claim's version, and still running. */
    private static final String FENCE = " WHERE id = ? AND version = ? AND status = 'RUNNING'";
    private static final String INSERT_EXECUTION = "INSERT INTO timeos_execution "
            + "(job_id, attempt, node, started_at, finished_at, outcome, error_message) VALUES (?, ?, ?, ?, ?, ?, ?)";

    @Inject
    Database database;

    private volatile Dialect dialect;
    /** Derby's batch inserts of jobs take turns: faster than side by side (see OneWriterAtATime). */
    private final OneWriterAtATime insertTurns = new OneWriterAtATime(OneWriterAtATime.PATIENCE);
    /** Where Derby's reads of claimable jobs start (see DueFloor); every write that makes a job claimable lowers it. */
    private final DueFloor dueFloor;

    protected JdbcJobRepository() {
        this.dueFloor = new DueFloor(System::nanoTime, DueFloor.REFRESH);
    }

    /** Outside a container (tests): for this database. */
    public JdbcJobRepository(Dialect dialect) {
        this(dialect, new DueFloor(System::nanoTime, DueFloor.REFRESH));
    }

    JdbcJobRepository(Dialect dialect, DueFloor dueFloor) {
        this.dialect = dialect;
        this.dueFloor = dueFloor;
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
        if (limit <= 0) {
            return List.of();
        }
        List<String> skipped = List.copyOf(skippedActions);
        return dialect() == Dialect.POSTGRESQL
                ? claimWithSkipLocked(c, node, now, dueBy, limit, leaseUntil, skipped)
                : claimSelectThenUpdate(c, node, now, dueBy, limit, leaseUntil, skipped);
    }

    private static String notIn(List<String> skipped) {
        return skipped.isEmpty() ? "" : " AND action_name NOT IN (" + String.join(", ", Collections.nCopies(skipped.size(), "?")) + ")";
    }

    private static int bind(PreparedStatement ps, int index, List<String> values) throws SQLException {
        for (String v : values) {
            ps.setString(index++, v);
        }
        return index;
    }

    /**
     * Two shapes of one claim, because no single index serves both a large and a small backlog: read in the claim's
     * order (priority first), the index reaches the first due row at once when many are due, but when few are due it
     * walks every pending row of the same or higher priority to find that none more qualifies (1M future jobs: 1M
     * rows per claim). So a probe first asks whether more than {@code limit} rows are due, walking the due-time index
     * only over due rows: if not, all of them are claimed (their order does not matter: all are taken); if so, the
     * priority-ordered index serves the batch. A job that falls due between the probe and the claim may make the
     * smaller shape take a batch by due time instead of priority; the next claim, a few milliseconds later, sees the
     * backlog. Rows another node holds count in the probe: then the priority shape runs, which is never wrong.
     */
    private List<Attempt> claimWithSkipLocked(Connection c, String node, Instant now, Instant dueBy, int limit,
                                              Instant leaseUntil, List<String> skipped) throws SQLException {
        boolean backlog;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 FROM timeos_job WHERE " + CLAIMABLE
                + " AND perform_at <= ?" + notIn(skipped) + " LIMIT ?) due")) {
            ps.setLong(1, dueBy.toEpochMilli());
            ps.setInt(bind(ps, 2, skipped), limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                backlog = rs.getInt(1) > limit;
            }
        }
        String sql = "UPDATE timeos_job j SET status = 'RUNNING', attempt = j.attempt + 1, started_at = NULL, "
                + "lease_owner = ?, lease_expires_at = ?, updated_at = ?, version = j.version + 1 "
                + "FROM (SELECT id FROM timeos_job WHERE " + CLAIMABLE + " AND perform_at <= ?" + notIn(skipped)
                + (backlog ? ORDER : " ORDER BY perform_at")
                + " LIMIT ? FOR UPDATE SKIP LOCKED) due WHERE j.id = due.id RETURNING j.id, j.rule_id, j.event_id, "
                + "j.action_name, j.target, j.args, j.perform_at, j.priority, j.attempt, j.max_attempts, j.backoff_ms, "
                + "j.timeout_ms, j.occurrence_at, j.version";
        List<Attempt> claimed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, node);
            ps.setLong(2, leaseUntil.toEpochMilli());
            ps.setLong(3, now.toEpochMilli());
            ps.setLong(4, dueBy.toEpochMilli());
            ps.setInt(bind(ps, 5, skipped), limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(readAttempt(rs, node, 0, 0));
                }
            }
        }
        // RETURNING does not keep the sub-select's order.
        claimed.sort(CLAIM_ORDER);
        return claimed;
    }

    /**
     * Derby has no SKIP LOCKED; it is embedded, so this node is the only claimer. The update re-checks what the
     * select saw (version, state and due time): a job rescheduled to later in between is not claimed early.
     */
    private List<Attempt> claimSelectThenUpdate(Connection c, String node, Instant now, Instant dueBy, int limit,
                                                Instant leaseUntil, List<String> skipped) throws SQLException {
        List<Attempt> due = new ArrayList<>();
        DueFloor.Snapshot floor = dueFloor.snapshot();
        // Per claimable status (an IN over the statuses would make Derby sort every due row of both), in two shapes as
        // on PostgreSQL (claimWithSkipLocked): first the due rows by due time from (status, perform_at, ...), at most
        // limit + 1; if that is all of them, they are the candidates; if more are due, the batch is read from
        // (status, priority DESC, perform_at, id) in the claim's order, stopping after `limit` rows. Both indexes are
        // named: Derby's optimizer would otherwise pick either for either query. The first starts at the due floor.
        try (PreparedStatement byDue = c.prepareStatement("SELECT " + ATTEMPT_COLUMNS + " FROM timeos_job "
                + "--DERBY-PROPERTIES index=timeos_job_due\n WHERE status = ? AND perform_at >= ? AND perform_at <= ?"
                + notIn(skipped)
                + " ORDER BY status, perform_at FETCH FIRST ? ROWS ONLY");
             PreparedStatement byPriority = c.prepareStatement("SELECT " + ATTEMPT_COLUMNS + " FROM timeos_job "
                + "--DERBY-PROPERTIES index=timeos_job_claim\n WHERE status = ? AND perform_at <= ?" + notIn(skipped)
                + " ORDER BY status, priority DESC, perform_at, id FETCH FIRST ? ROWS ONLY")) {
            for (JobStatus status : JobStatus.CLAIMABLE) {
                List<Attempt> ofStatus = readDue(byDue, status, floor.bound(), dueBy, skipped, limit + 1, node);
                due.addAll(ofStatus.size() <= limit ? ofStatus
                        : readDue(byPriority, status, null, dueBy, skipped, limit, node));
            }
        }
        if (due.isEmpty()) {
            return due;
        }
        // The claim's order across statuses and shapes, then the batch.
        due.sort(CLAIM_ORDER);
        if (due.size() > limit) {
            due = new ArrayList<>(due.subList(0, limit));
        }
        betweenReadAndClaim();
        try (PreparedStatement ps = c.prepareStatement("UPDATE timeos_job SET status = 'RUNNING', attempt = attempt + 1, "
                + "started_at = NULL, lease_owner = ?, lease_expires_at = ?, updated_at = ?, version = version + 1 "
                + "WHERE id = ? AND version = ? AND " + CLAIMABLE + " AND perform_at <= ?")) {
            for (Attempt a : due) {
                ps.setString(1, node);
                ps.setLong(2, leaseUntil.toEpochMilli());
                ps.setLong(3, now.toEpochMilli());
                ps.setString(4, a.id());
                ps.setLong(5, a.version() - 1);
                ps.setLong(6, dueBy.toEpochMilli());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            List<Attempt> claimed = new ArrayList<>(due.size());
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) {
                    claimed.add(due.get(i));
                }
            }
            return claimed;
        }
    }

    /** @param from the lowest due time to read (the statement's first bound after the status), or null if it has none */
    private static List<Attempt> readDue(PreparedStatement ps, JobStatus status, Long from, Instant dueBy,
                                         List<String> skipped, int limit, String node) throws SQLException {
        int i = 1;
        ps.setString(i++, status.name());
        if (from != null) {
            ps.setLong(i++, from);
        }
        ps.setLong(i++, dueBy.toEpochMilli());
        ps.setInt(bind(ps, i, skipped), limit);
        List<Attempt> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(readAttempt(rs, node, 1, 1));
            }
        }
        return rows;
    }

    /** Where a client's change can land between the Derby claim's read and its update (tests make one there). */
    void betweenReadAndClaim() {
    }

    /** An attempt from a row of {@link #ATTEMPT_COLUMNS}, with the claim's increments when read before the update. */
    private static Attempt readAttempt(ResultSet rs, String node, int attemptIncrement, long versionIncrement)
            throws SQLException {
        long timeout = rs.getLong(12);
        Duration timeoutDuration = rs.wasNull() ? null : Duration.ofMillis(timeout);
        long occurrence = rs.getLong(13);
        Instant occurrenceAt = rs.wasNull() ? null : Instant.ofEpochMilli(occurrence);
        return new Attempt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), rs.getInt(8), rs.getInt(9) + attemptIncrement,
                rs.getInt(10), Duration.ofMillis(rs.getLong(11)), timeoutDuration, occurrenceAt, node,
                rs.getLong(14) + versionIncrement, null);
    }

    @Override
    public Optional<Instant> nextDue(Connection c, Set<String> skippedActions) throws SQLException {
        List<String> skipped = List.copyOf(skippedActions);
        if (dialect() == Dialect.POSTGRESQL) {
            // One probe of the partial index timeos_job_next_due, which holds only claimable rows.
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(perform_at) FROM timeos_job WHERE " + CLAIMABLE
                    + notIn(skipped))) {
                bind(ps, 1, skipped);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long v = rs.getLong(1);
                    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
                }
            }
        }
        Long soonest = null;
        DueFloor.Snapshot floor = dueFloor.snapshot();
        // One MIN per status: each is a single probe of the (status, perform_at) index, from the due floor.
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(perform_at) FROM timeos_job WHERE status = ? "
                + "AND perform_at >= ?" + notIn(skipped))) {
            for (JobStatus status : JobStatus.CLAIMABLE) {
                ps.setString(1, status.name());
                ps.setLong(2, floor.bound());
                bind(ps, 3, skipped);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long v = rs.getLong(1);
                        if (!rs.wasNull() && (soonest == null || v < soonest)) {
                            soonest = v;
                        }
                    }
                }
            }
        }
        if (skipped.isEmpty()) {
            // Every claimable job was read: the floor may rise to the soonest (a read without some actions may not).
            dueFloor.raise(floor, soonest == null ? OptionalLong.empty() : OptionalLong.of(soonest));
        }
        return Optional.ofNullable(soonest).map(Instant::ofEpochMilli);
    }

    @Override
    public long countDue(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM timeos_job WHERE " + CLAIMABLE + " AND perform_at <= ?")) {
            ps.setLong(1, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
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
        insertExecutions(c, recorded.stream().filter(e -> e.outcome() != null).toList());
        List<Lease> stale = recordStale(c, refused.stream().filter(e -> e.outcome() != null).toList());
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
     * (the same conditions as {@link #FENCE}); a row the statement did not return was refused. One statement instead of
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

    private void insertExecutions(Connection c, List<AttemptEnd> ends) throws SQLException {
        if (ends.isEmpty()) {
            return;
        }
        if (dialect() == Dialect.POSTGRESQL) {
            insertExecutionsAtOnce(c, ends);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_EXECUTION)) {
            for (AttemptEnd e : ends) {
                bindExecution(ps, e.attempt(), e.outcome(), e.error(), e.finishedAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** PostgreSQL: the execution rows of a batch in one statement (see {@link #succeedAll}). */
    private static void insertExecutionsAtOnce(Connection c, List<AttemptEnd> ends) throws SQLException {
        int n = ends.size();
        String[] jobIds = new String[n];
        Integer[] attempts = new Integer[n];
        String[] nodes = new String[n];
        Long[] started = new Long[n];
        Long[] finished = new Long[n];
        String[] outcomes = new String[n];
        String[] errors = new String[n];
        for (int i = 0; i < n; i++) {
            AttemptEnd e = ends.get(i);
            Attempt a = e.attempt();
            jobIds[i] = a.id();
            attempts[i] = a.attempt();
            nodes[i] = a.node();
            started[i] = executionStartMillis(a, e.finishedAt());
            finished[i] = e.finishedAt().toEpochMilli();
            outcomes[i] = e.outcome().name();
            errors[i] = truncate(e.error());
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO timeos_execution "
                + "(job_id, attempt, node, started_at, finished_at, outcome, error_message) SELECT * FROM "
                + "unnest(?::varchar[], ?::int4[], ?::varchar[], ?::int8[], ?::int8[], ?::varchar[], ?::text[])")) {
            ps.setArray(1, c.createArrayOf("varchar", jobIds));
            ps.setArray(2, c.createArrayOf("int4", attempts));
            ps.setArray(3, c.createArrayOf("varchar", nodes));
            ps.setArray(4, c.createArrayOf("int8", started));
            ps.setArray(5, c.createArrayOf("int8", finished));
            ps.setArray(6, c.createArrayOf("varchar", outcomes));
            ps.setArray(7, c.createArrayOf("text", errors));
            ps.executeUpdate();
        }
    }

    /** An execution row's start: the attempt's, or its end when it ended before it was marked started. */
    private static long executionStartMillis(Attempt a, Instant finishedAt) {
        return (a.startedAt() == null ? finishedAt : a.startedAt()).toEpochMilli();
    }

    private static void bindExecution(PreparedStatement ps, Attempt a, Outcome outcome, String error, Instant finishedAt)
            throws SQLException {
        ps.setString(1, a.id());
        ps.setInt(2, a.attempt());
        ps.setString(3, a.node());
        ps.setLong(4, executionStartMillis(a, finishedAt));
        ps.setLong(5, finishedAt.toEpochMilli());
        ps.setString(6, outcome.name());
        setText(ps, 7, truncate(error));
    }

    /**
     * Ends whose claim was superseded: the job has moved on (reaped, cancelled, handed back), so nothing of it
     * changes. The attempt still gets its row, saying what it did: the reaper's LOST row for it becomes STALE, or
     * a STALE row is added. A cancellation that raced the end is recorded as what it is, CANCELLED.
     */
    private List<Lease> recordStale(Connection c, List<AttemptEnd> refused) throws SQLException {
        List<Lease> stale = new ArrayList<>();
        if (refused.isEmpty()) {
            return stale;
        }
        try (PreparedStatement state = c.prepareStatement("SELECT status, version, attempt FROM timeos_job WHERE id = ?");
             PreparedStatement overLost = c.prepareStatement("UPDATE timeos_execution SET outcome = 'STALE', "
                     + "finished_at = ?, error_message = ? WHERE job_id = ? AND attempt = ? AND node = ? AND outcome = 'LOST'");
             PreparedStatement insert = c.prepareStatement(INSERT_EXECUTION)) {
            for (AttemptEnd e : refused) {
                Attempt a = e.attempt();
                stale.add(a.lease());
                state.setString(1, a.id());
                String current;
                try (ResultSet rs = state.executeQuery()) {
                    current = rs.next() ? rs.getString(1) + " (version " + rs.getLong(2) + ", attempt " + rs.getInt(3) + ")" : "deleted";
                }
                if (e.outcome() == Outcome.CANCELLED && current.startsWith("CANCELLED")) {
                    bindExecution(insert, a, Outcome.CANCELLED, e.error(), e.finishedAt());
                    insert.executeUpdate();
                    continue;
                }
                String error = e.outcome() + (e.error() == null ? "" : ": " + e.error())
                        + "; not applied: this node's claim " + a.lease() + " no longer held, the job is " + current;
                overLost.setLong(1, e.finishedAt().toEpochMilli());
                setText(overLost, 2, truncate(error));
                overLost.setString(3, a.id());
                overLost.setInt(4, a.attempt());
                overLost.setString(5, a.node());
                if (overLost.executeUpdate() == 0) {
                    bindExecution(insert, a, Outcome.STALE, error, e.finishedAt());
                    insert.executeUpdate();
                }
            }
        }
        return stale;
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

    /** A RUNNING row read for taking it back. */
    private record Orphan(String id, long version, int attempt, String node, Long startedAt) {
    }

    private static final String ORPHAN_COLUMNS = "SELECT id, version, attempt, lease_owner, started_at FROM timeos_job "
            + "WHERE status = 'RUNNING' AND ";

    private static List<Orphan> readOrphans(PreparedStatement ps) throws SQLException {
        List<Orphan> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long started = rs.getLong(5);
                Long startedAt = rs.wasNull() ? null : started;
                rows.add(new Orphan(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4), startedAt));
            }
        }
        return rows;
    }

    @Override
    public List<String> handBackUnheld(Connection c, String node, Set<Lease> held, Instant claimedBefore, Instant now)
            throws SQLException {
        List<Orphan> rows;
        try (PreparedStatement ps = c.prepareStatement(ORPHAN_COLUMNS + "lease_owner = ? AND lease_expires_at < ?")) {
            ps.setString(1, node);
            ps.setLong(2, claimedBefore.toEpochMilli());
            rows = readOrphans(ps);
        }
        rows.removeIf(o -> held.contains(new Lease(o.id(), o.version())));
        return takeBack(c, rows, now, "claimed by " + node + " but not held by it");
    }

    @Override
    public List<String> reapExpired(Connection c, String exceptNode, Instant now) throws SQLException {
        List<Orphan> rows;
        try (PreparedStatement ps = c.prepareStatement(ORPHAN_COLUMNS + "lease_expires_at < ? AND lease_owner <> ?"
                + (dialect() == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : ""))) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, exceptNode);
            rows = readOrphans(ps);
        }
        return takeBack(c, rows, now, "lease expired: its node stopped renewing it");
    }

    @Override
    public List<String> recoverNode(Connection c, String node, Instant now) throws SQLException {
        List<Orphan> rows;
        try (PreparedStatement ps = c.prepareStatement(ORPHAN_COLUMNS + "lease_owner = ?")) {
            ps.setString(1, node);
            rows = readOrphans(ps);
        }
        return takeBack(c, rows, now, "node " + node + " restarted");
    }

    /**
     * Orphans go back to SCHEDULED, due as they were, fenced by the version read: one that started is LOST (an
     * execution row; it runs again as a new attempt), one that only waited in memory is given its attempt back.
     */
    private List<String> takeBack(Connection c, List<Orphan> rows, Instant now, String why) throws SQLException {
        List<String> ids = new ArrayList<>();
        if (rows.isEmpty()) {
            return ids;
        }
        // In id order, as every other write of several jobs (the reads above come in scan order).
        rows = rows.stream().sorted(Comparator.comparing(Orphan::id)).toList();
        try (PreparedStatement update = c.prepareStatement("UPDATE timeos_job SET status = 'SCHEDULED', "
                + "attempt = attempt - ?, started_at = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?, "
                + "version = version + 1" + FENCE);
             PreparedStatement audit = c.prepareStatement(INSERT_EXECUTION)) {
            boolean audited = false;
            for (Orphan o : rows) {
                boolean started = o.startedAt() != null;
                update.setInt(1, started ? 0 : 1);
                update.setLong(2, now.toEpochMilli());
                update.setString(3, o.id());
                update.setLong(4, o.version());
                if (update.executeUpdate() == 0) {
                    continue;
                }
                ids.add(o.id());
                if (started) {
                    audit.setString(1, o.id());
                    audit.setInt(2, o.attempt());
                    audit.setString(3, o.node() == null ? "unknown" : o.node());
                    audit.setLong(4, o.startedAt());
                    audit.setLong(5, now.toEpochMilli());
                    audit.setString(6, Outcome.LOST.name());
                    audit.setString(7, why);
                    audit.addBatch();
                    audited = true;
                }
            }
            if (audited) {
                audit.executeBatch();
            }
        }
        if (!ids.isEmpty()) {
            // Due as they were: their due times are not read here.
            dueFloor.forget();
        }
        return ids;
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

    // ---- helpers

    private static void setMillis(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    static String truncate(String s) {
        return s == null || s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS - 1) + "…";
    }
}

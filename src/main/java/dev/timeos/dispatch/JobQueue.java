package dev.timeos.dispatch;

import dev.timeos.job.Backoff;
import dev.timeos.job.Dependencies;
import dev.timeos.job.Execution.Outcome;
import dev.timeos.store.Dialect;
import dev.timeos.store.Jdbc;

import javax.sql.DataSource;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The dispatcher's hot path in plain SQL: claim due jobs in one statement, record a batch of completions
 * in one transaction, renew and reap leases. No JPA here: a job costs a small share of a commit.
 */
public class JobQueue {

    private static final String DUE = "status IN ('SCHEDULED', 'FAILED') AND perform_at <= ?";
    private static final String ORDER = " ORDER BY priority DESC, perform_at, id";
    private static final String CLAIMED_COLUMNS = "id, rule_id, event_id, action_name, target, args, perform_at, "
            + "priority, attempt, max_attempts, backoff_ms, timeout_ms";
    static final int MAX_ERROR_CHARS = 4000;

    private final DataSource ds;
    private final Dialect dialect;

    public JobQueue(DataSource ds, Dialect dialect) {
        this.ds = ds;
        this.dialect = dialect;
    }

    /** Claims up to {@code limit} due jobs for {@code node}, highest priority first, then earliest due. */
    public List<ClaimedJob> claim(String node, Instant now, int limit, Instant leaseUntil) {
        return claim(node, now, limit, leaseUntil, Set.of());
    }

    /**
     * As {@link #claim(String, Instant, int, Instant)}, leaving out jobs of {@code skippedActions} (actions at
     * their concurrency or rate limit on this node), so that they do not hold back other actions' jobs.
     */
    public List<ClaimedJob> claim(String node, Instant now, int limit, Instant leaseUntil, Set<String> skippedActions) {
        if (limit <= 0) {
            return List.of();
        }
        List<String> skipped = List.copyOf(skippedActions);
        return Jdbc.inTransaction(ds, c -> dialect == Dialect.POSTGRESQL
                ? claimWithSkipLocked(c, node, now, limit, leaseUntil, skipped)
                : claimSelectThenUpdate(c, node, now, limit, leaseUntil, skipped));
    }

    /** {@code AND action_name NOT IN (?, ...)} for the skipped actions, or nothing. */
    private static String notIn(List<String> skipped) {
        return skipped.isEmpty() ? "" : " AND action_name NOT IN (" + String.join(", ", Collections.nCopies(skipped.size(), "?")) + ")";
    }

    private static int bind(PreparedStatement ps, int index, List<String> values) throws SQLException {
        for (String v : values) {
            ps.setString(index++, v);
        }
        return index;
    }

    private List<ClaimedJob> claimWithSkipLocked(Connection c, String node, Instant now, int limit, Instant leaseUntil,
                                                 List<String> skipped) throws SQLException {
        String sql = "UPDATE timeos_job j SET status = 'RUNNING', attempt = j.attempt + 1, started_at = ?, "
                + "lease_owner = ?, lease_expires_at = ?, updated_at = ? "
                + "FROM (SELECT id FROM timeos_job WHERE " + DUE + notIn(skipped) + ORDER + " LIMIT ? FOR UPDATE SKIP LOCKED) due "
                + "WHERE j.id = due.id RETURNING j.id, j.rule_id, j.event_id, j.action_name, j.target, j.args, "
                + "j.perform_at, j.priority, j.attempt, j.max_attempts, j.backoff_ms, j.timeout_ms";
        List<ClaimedJob> claimed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, node);
            ps.setLong(3, leaseUntil.toEpochMilli());
            ps.setLong(4, now.toEpochMilli());
            ps.setLong(5, now.toEpochMilli());
            ps.setInt(bind(ps, 6, skipped), limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(read(rs, 0, now));
                }
            }
        }
        // RETURNING does not keep the sub-select's order.
        claimed.sort(Comparator.comparingInt(ClaimedJob::priority).reversed()
                .thenComparing(ClaimedJob::performAt).thenComparing(ClaimedJob::id));
        return claimed;
    }

    /** Derby has no SKIP LOCKED; it is embedded, so this node is the only claimer. */
    private List<ClaimedJob> claimSelectThenUpdate(Connection c, String node, Instant now, int limit, Instant leaseUntil,
                                                   List<String> skipped) throws SQLException {
        List<ClaimedJob> due = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + CLAIMED_COLUMNS + " FROM timeos_job WHERE " + DUE + notIn(skipped) + ORDER + " FETCH FIRST ? ROWS ONLY")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setInt(bind(ps, 2, skipped), limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(read(rs, 1, now));
                }
            }
        }
        if (due.isEmpty()) {
            return due;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE timeos_job SET status = 'RUNNING', attempt = attempt + 1, started_at = ?, lease_owner = ?, "
                        + "lease_expires_at = ?, updated_at = ? WHERE id = ? AND status IN ('SCHEDULED', 'FAILED')")) {
            for (ClaimedJob j : due) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, node);
                ps.setLong(3, leaseUntil.toEpochMilli());
                ps.setLong(4, now.toEpochMilli());
                ps.setString(5, j.id());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            List<ClaimedJob> claimed = new ArrayList<>(due.size());
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) {
                    claimed.add(due.get(i));
                }
            }
            return claimed;
        }
    }

    private static ClaimedJob read(ResultSet rs, int attemptIncrement, Instant startedAt) throws SQLException {
        long timeout = rs.getLong(12);
        Duration timeoutDuration = rs.wasNull() ? null : Duration.ofMillis(timeout);
        return new ClaimedJob(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), rs.getInt(8), rs.getInt(9) + attemptIncrement,
                rs.getInt(10), Duration.ofMillis(rs.getLong(11)), timeoutDuration, startedAt);
    }

    /** The soonest due time among jobs waiting to run, if any. */
    public Optional<Instant> nextDue() {
        return nextDue(Set.of());
    }

    /** The soonest due time among jobs waiting to run, leaving out the jobs of {@code skippedActions}. */
    public Optional<Instant> nextDue(Set<String> skippedActions) {
        List<String> skipped = List.copyOf(skippedActions);
        return Jdbc.inTransaction(ds, c -> {
            Long soonest = null;
            // One MIN per status: each is a single probe of the (status, perform_at) index.
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT MIN(perform_at) FROM timeos_job WHERE status = ?" + notIn(skipped))) {
                for (String status : List.of("SCHEDULED", "FAILED")) {
                    ps.setString(1, status);
                    bind(ps, 2, skipped);
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
            return Optional.ofNullable(soonest).map(Instant::ofEpochMilli);
        });
    }

    /** What writing a batch of completions led to. */
    public record Written(List<String> succeeded, List<String> retried, List<String> dead, Instant earliestFollowUp) {
    }

    /**
     * Records a batch of finished attempts in one transaction: each job's new state (succeeded, retry
     * with backoff, or dead), one execution row per attempt, and what that means for dependent jobs.
     * A job that is no longer RUNNING under this node's lease (cancelled, or reaped) keeps its state;
     * its execution row is written all the same.
     */
    public Written complete(String node, List<Completion> batch, Instant now) {
        return Jdbc.inTransaction(ds, c -> {
            List<String> succeeded = new ArrayList<>();
            List<String> retried = new ArrayList<>();
            List<String> dead = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            Instant earliest = null;
            try (PreparedStatement ok = c.prepareStatement(
                    "UPDATE timeos_job SET status = 'SUCCEEDED', finished_at = ?, lease_owner = NULL, "
                            + "lease_expires_at = NULL, updated_at = ? WHERE id = ? AND status = 'RUNNING' AND lease_owner = ?");
                 PreparedStatement failed = c.prepareStatement(
                         "UPDATE timeos_job SET status = ?, perform_at = ?, last_error = ?, finished_at = ?, "
                                 + "lease_owner = NULL, lease_expires_at = NULL, updated_at = ? "
                                 + "WHERE id = ? AND status = 'RUNNING' AND lease_owner = ?")) {
                List<String> okIds = new ArrayList<>();
                List<Completion> failures = new ArrayList<>();
                for (Completion done : batch) {
                    ClaimedJob j = done.job();
                    switch (done.outcome()) {
                        case SUCCEEDED -> {
                            ok.setLong(1, done.finishedAt().toEpochMilli());
                            ok.setLong(2, now.toEpochMilli());
                            ok.setString(3, j.id());
                            ok.setString(4, node);
                            ok.addBatch();
                            okIds.add(j.id());
                        }
                        case FAILED, TIMEOUT -> {
                            boolean retry = !done.permanent() && Backoff.hasAttemptsLeft(j.attempt(), j.maxAttempts());
                            Instant next = retry ? done.finishedAt().plus(Backoff.delayAfter(j.attempt(), j.backoff())) : j.performAt();
                            addUnsuccessful(failed, retry ? "FAILED" : "DEAD", next, done, now, node);
                            failures.add(done);
                        }
                        case SKIPPED -> {
                            // The overlap policy said no: the job ends CANCELLED, saying why.
                            addUnsuccessful(failed, "CANCELLED", j.performAt(), done, now, node);
                            failures.add(done);
                        }
                        default -> {
                            // CANCELLED, LOST, RELEASED: the job's state was set by whoever ended the attempt.
                        }
                    }
                }
                if (!okIds.isEmpty()) {
                    int[] counts = ok.executeBatch();
                    for (int i = 0; i < counts.length; i++) {
                        if (counts[i] != 0) {
                            succeeded.add(okIds.get(i));
                        }
                    }
                }
                if (!failures.isEmpty()) {
                    int[] counts = failed.executeBatch();
                    for (int i = 0; i < counts.length; i++) {
                        if (counts[i] == 0) {
                            continue;
                        }
                        Completion done = failures.get(i);
                        ClaimedJob j = done.job();
                        if (done.outcome() == Outcome.SKIPPED) {
                            skipped.add(j.id());
                        } else if (!done.permanent() && Backoff.hasAttemptsLeft(j.attempt(), j.maxAttempts())) {
                            retried.add(j.id());
                            Instant next = done.finishedAt().plus(Backoff.delayAfter(j.attempt(), j.backoff()));
                            earliest = earliest == null || next.isBefore(earliest) ? next : earliest;
                        } else {
                            dead.add(j.id());
                        }
                    }
                }
            }
            insertExecutions(c, node, batch);
            if (Dependencies.release(c, succeeded, now) > 0) {
                earliest = now;
            }
            Dependencies.cancelDependents(c, dead, "is DEAD", now);
            Dependencies.cancelDependents(c, skipped, "was skipped", now);
            return new Written(succeeded, retried, dead, earliest);
        });
    }

    /** One row of the batch that ends an attempt other than by success: its new status, due time and error. */
    private static void addUnsuccessful(PreparedStatement failed, String status, Instant performAt, Completion done,
                                        Instant now, String node) throws SQLException {
        failed.setString(1, status);
        failed.setLong(2, performAt.toEpochMilli());
        failed.setString(3, truncate(done.error()));
        failed.setLong(4, done.finishedAt().toEpochMilli());
        failed.setLong(5, now.toEpochMilli());
        failed.setString(6, done.job().id());
        failed.setString(7, node);
        failed.addBatch();
    }

    private static void insertExecutions(Connection c, String node, List<Completion> batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO timeos_execution (job_id, attempt, node, started_at, finished_at, outcome, error_message) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Completion done : batch) {
                ps.setString(1, done.job().id());
                ps.setInt(2, done.job().attempt());
                ps.setString(3, node);
                ps.setLong(4, done.job().startedAt().toEpochMilli());
                ps.setLong(5, done.finishedAt().toEpochMilli());
                ps.setString(6, done.outcome().name());
                if (done.error() == null) {
                    ps.setNull(7, Types.VARCHAR);
                } else {
                    ps.setString(7, truncate(done.error()));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Hands claimed jobs back unstarted: SCHEDULED, due at each deferral's time, the claim's attempt undone,
     * no execution row (nothing ran). For jobs held back by a rate or concurrency limit.
     */
    public List<String> defer(String node, List<Deferral> deferrals, Instant now) {
        if (deferrals.isEmpty()) {
            return List.of();
        }
        return Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE timeos_job SET status = 'SCHEDULED', perform_at = ?, attempt = attempt - 1, started_at = NULL, "
                            + "lease_owner = NULL, lease_expires_at = NULL, updated_at = ? "
                            + "WHERE id = ? AND status = 'RUNNING' AND lease_owner = ?")) {
                for (Deferral d : deferrals) {
                    ps.setLong(1, d.until().toEpochMilli());
                    ps.setLong(2, now.toEpochMilli());
                    ps.setString(3, d.job().id());
                    ps.setString(4, node);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] != 0) {
                        ids.add(deferrals.get(i).job().id());
                    }
                }
                return ids;
            }
        });
    }

    /** How many jobs are due now and not running: the backlog. */
    public long countDue(Instant now) {
        return Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM timeos_job WHERE " + DUE)) {
                ps.setLong(1, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The other RUNNING jobs of a rule, on any node (for its overlap policy). */
    public List<String> runningOfRule(String ruleId, String exceptJobId) {
        return Jdbc.inTransaction(ds, c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM timeos_job WHERE rule_id = ? AND status = 'RUNNING' AND id <> ?")) {
                ps.setString(1, ruleId);
                ps.setString(2, exceptJobId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    /** Extends the leases of the jobs this node is running. */
    public int heartbeat(String node, Instant leaseUntil, Instant now) {
        return Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE timeos_job SET lease_expires_at = ? WHERE lease_owner = ? AND status = 'RUNNING'")) {
                ps.setLong(1, leaseUntil.toEpochMilli());
                ps.setString(2, node);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Puts RUNNING jobs whose attempt will never report back to SCHEDULED, due now, and records the lost
     * attempt. {@code ownedBy} non-null: every job of that node (it restarted); null: every expired lease.
     */
    public List<String> recover(String ownedBy, Instant now, Outcome outcome, String why) {
        return Jdbc.inTransaction(ds, c -> {
            List<String[]> rows = new ArrayList<>();
            String sql = "SELECT id, attempt, lease_owner, started_at FROM timeos_job WHERE status = 'RUNNING' AND "
                    + (ownedBy != null ? "lease_owner = ?" : "lease_expires_at < ?")
                    + (dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (ownedBy != null) {
                    ps.setString(1, ownedBy);
                } else {
                    ps.setLong(1, now.toEpochMilli());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                    }
                }
            }
            return putBack(c, rows, now, outcome, why, false);
        });
    }

    /** Hands unfinished jobs of this node back at shutdown: SCHEDULED, due now, the unfinished attempt not counted. */
    public List<String> release(String node, Collection<ClaimedJob> jobs, Instant now) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        return Jdbc.inTransaction(ds, c -> {
            List<String[]> rows = new ArrayList<>();
            for (ClaimedJob j : jobs) {
                rows.add(new String[]{j.id(), Integer.toString(j.attempt()), node, Long.toString(j.startedAt().toEpochMilli())});
            }
            return putBack(c, rows, now, Outcome.RELEASED, "handed back at shutdown", true);
        });
    }

    private static List<String> putBack(Connection c, List<String[]> rows, Instant now, Outcome outcome, String why,
                                        boolean uncountAttempt) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE timeos_job SET status = 'SCHEDULED', perform_at = ?, lease_owner = NULL, lease_expires_at = NULL, "
                        + "attempt = attempt - ?, updated_at = ? WHERE id = ? AND status = 'RUNNING'");
             PreparedStatement audit = c.prepareStatement(
                     "INSERT INTO timeos_execution (job_id, attempt, node, started_at, finished_at, outcome, error_message) "
                             + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (String[] row : rows) {
                update.setLong(1, now.toEpochMilli());
                update.setInt(2, uncountAttempt ? 1 : 0);
                update.setLong(3, now.toEpochMilli());
                update.setString(4, row[0]);
                if (update.executeUpdate() == 0) {
                    continue;
                }
                ids.add(row[0]);
                audit.setString(1, row[0]);
                audit.setInt(2, Integer.parseInt(row[1]));
                audit.setString(3, row[2] == null ? "unknown" : row[2]);
                audit.setLong(4, row[3] == null ? now.toEpochMilli() : Long.parseLong(row[3]));
                audit.setLong(5, now.toEpochMilli());
                audit.setString(6, outcome.name());
                audit.setString(7, why);
                audit.addBatch();
            }
            if (!ids.isEmpty()) {
                audit.executeBatch();
            }
        }
        return ids;
    }

    static String truncate(String s) {
        return s == null || s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS - 1) + "…";
    }
}

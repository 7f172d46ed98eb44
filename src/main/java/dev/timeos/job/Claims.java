package dev.timeos.job;

import dev.timeos.store.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static dev.timeos.job.JobSql.CLAIMABLE;
import static dev.timeos.job.JobSql.bind;
import static dev.timeos.job.JobSql.notIn;

/**
 * The dispatcher's reads and claims of due jobs ({@link JdbcJobRepository#claim}, {@code nextDue}, {@code countDue}):
 * PostgreSQL claims with one {@code UPDATE ... FOR UPDATE SKIP LOCKED}; Derby, embedded and so the only claimer of its
 * database, reads then updates, each row re-checked, its reads starting at the due floor ({@link DueFloor}).
 */
final class Claims {

    /** The claim's order; on PostgreSQL served by the partial index timeos_job_claim (migration V5). */
    private static final String ORDER = " ORDER BY priority DESC, perform_at, id";
    private static final Comparator<Attempt> CLAIM_ORDER = Comparator.comparingInt(Attempt::priority).reversed()
            .thenComparing(Attempt::performAt).thenComparing(Attempt::id);
    private static final String ATTEMPT_COLUMNS = "id, rule_id, event_id, action_name, target, args, perform_at, priority, "
            + "attempt, max_attempts, backoff_ms, timeout_ms, occurrence_at, version";

    private final DueFloor dueFloor;
    /** Where a client's change can land between the Derby claim's read and its update (tests make one there). */
    private final Runnable betweenReadAndClaim;

    Claims(DueFloor dueFloor, Runnable betweenReadAndClaim) {
        this.dueFloor = dueFloor;
        this.betweenReadAndClaim = betweenReadAndClaim;
    }

    /** At most {@code limit} jobs due by {@code dueBy}, now RUNNING under this node's lease, in the claim's order. */
    List<Attempt> claim(Connection c, Dialect dialect, String node, Instant now, Instant dueBy, int limit,
                        Instant leaseUntil, Set<String> skippedActions) throws SQLException {
        if (limit <= 0) {
            return List.of();
        }
        List<String> skipped = List.copyOf(skippedActions);
        return dialect == Dialect.POSTGRESQL
                ? claimWithSkipLocked(c, node, now, dueBy, limit, leaseUntil, skipped)
                : claimSelectThenUpdate(c, node, now, dueBy, limit, leaseUntil, skipped);
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
    private static List<Attempt> claimWithSkipLocked(Connection c, String node, Instant now, Instant dueBy, int limit,
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
        betweenReadAndClaim.run();
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

    /** When the soonest claimable job is due (without the skipped actions); on Derby it may raise the due floor. */
    Optional<Instant> nextDue(Connection c, Dialect dialect, Set<String> skippedActions) throws SQLException {
        List<String> skipped = List.copyOf(skippedActions);
        if (dialect == Dialect.POSTGRESQL) {
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

    static long countDue(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM timeos_job WHERE " + CLAIMABLE + " AND perform_at <= ?")) {
            ps.setLong(1, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

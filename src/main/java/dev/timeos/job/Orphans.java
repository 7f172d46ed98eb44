package dev.timeos.job;

import dev.timeos.job.Execution.Outcome;
import dev.timeos.store.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static dev.timeos.job.JobSql.FENCE;

/**
 * Running jobs that no live claim holds any more, taken back to SCHEDULED ({@link JdbcJobRepository#handBackUnheld},
 * {@code reapExpired}, {@code recoverNode}): a node's rows it does not hold in memory, another node's whose lease
 * expired, a restarted node's own. Each is fenced by the version read, in id order.
 */
final class Orphans {

    private final DueFloor dueFloor;

    Orphans(DueFloor dueFloor) {
        this.dueFloor = dueFloor;
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

    List<String> handBackUnheld(Connection c, String node, Set<Lease> held, Instant claimedBefore, Instant now)
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

    List<String> reapExpired(Connection c, Dialect dialect, String exceptNode, Instant now) throws SQLException {
        List<Orphan> rows;
        try (PreparedStatement ps = c.prepareStatement(ORPHAN_COLUMNS + "lease_expires_at < ? AND lease_owner <> ?"
                + (dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : ""))) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, exceptNode);
            rows = readOrphans(ps);
        }
        return takeBack(c, rows, now, "lease expired: its node stopped renewing it");
    }

    List<String> recoverNode(Connection c, String node, Instant now) throws SQLException {
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
             PreparedStatement audit = c.prepareStatement(ExecutionLog.INSERT)) {
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
}

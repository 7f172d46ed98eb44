package dev.timeos.job;

import dev.timeos.store.Dialect;
import dev.timeos.store.Ids;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * Job rows in plain SQL, for the engine's own threads. An occurrence of a recurring rule is inserted with
 * its unique (rule, occurrence) key: when another node planned it first, the insert quietly does nothing.
 */
public final class JobRows {

    private static final String DUPLICATE_KEY = "23505";

    private JobRows() {
    }

    /** @return the new job's id, or null when this occurrence is already planned */
    public static String insertOccurrence(Connection c, Dialect dialect, JobRequest r, Instant occurrence, Instant now)
            throws SQLException {
        String id = Ids.newId();
        String sql = "INSERT INTO timeos_job (id, rule_id, action_name, args, perform_at, priority, status, attempt, "
                + "max_attempts, backoff_ms, timeout_ms, occurrence_at, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, 'SCHEDULED', 0, ?, ?, ?, ?, ?, ?)"
                + (dialect == Dialect.POSTGRESQL ? " ON CONFLICT (rule_id, occurrence_at) DO NOTHING" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.setString(2, r.ruleId());
            ps.setString(3, r.action());
            ps.setString(4, (r.payload() == null ? jakarta.json.JsonObject.EMPTY_JSON_OBJECT : r.payload()).toString());
            ps.setLong(5, r.time().toEpochMilli());
            ps.setInt(6, r.priority() == null ? JobDefaults.PRIORITY : r.priority());
            ps.setInt(7, r.maxAttempts() == null ? JobDefaults.MAX_ATTEMPTS : r.maxAttempts());
            ps.setLong(8, (r.backoff() == null ? JobDefaults.BACKOFF : r.backoff()).toMillis());
            if (r.timeout() == null) {
                ps.setNull(9, Types.BIGINT);
            } else {
                ps.setLong(9, r.timeout().toMillis());
            }
            ps.setLong(10, occurrence.toEpochMilli());
            ps.setLong(11, now.toEpochMilli());
            ps.setLong(12, now.toEpochMilli());
            return ps.executeUpdate() == 1 ? id : null;
        } catch (SQLException e) {
            if (DUPLICATE_KEY.equals(e.getSQLState())) {
                return null;
            }
            throw e;
        }
    }
}

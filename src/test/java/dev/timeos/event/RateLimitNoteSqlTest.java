package dev.timeos.event;

import dev.timeos.lifecycle.RateLimited;
import dev.timeos.store.Dialect;
import dev.timeos.store.Jdbc;
import dev.timeos.store.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's first deferral by a rate limit is kept with the decision that made it, found by the job's event and rule
 * (the decision's key; V12 dropped the index on the job it names), on both real databases.
 */
class RateLimitNoteSqlTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    static List<Dialect> dialects() {
        return TestDatabases.dialects();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void theDecisionThatMadeTheJobKeepsItsFirstDeferralOnly(Dialect d) throws SQLException {
        DataSource ds = TestDatabases.fresh(d);
        execute(ds, "INSERT INTO timeos_event_rule (event_id, rule_id, matched, reason, job_id, evaluated_at) "
                + "VALUES ('e1', 'r1', true, 'matched', 'j1', 0), ('e1', 'r2', true, 'matched', 'j2', 0), "
                + "('e2', 'r1', true, 'matched', 'j3', 0)");
        job(ds, "j1", "e1", "r1");
        job(ds, "j2", "e1", "r2");
        job(ds, "j3", "e2", "r1");
        job(ds, "direct", null, null);
        job(ds, "planned", null, "r1");

        Instant first = T0.plusSeconds(60);
        Jdbc.inTransaction(ds, c -> {
            EventStore.noteRateLimited(c, List.of(new RateLimited("j1", "noop", "r1", "rule", 1, first),
                    new RateLimited("direct", "noop", null, "action", 5, first),
                    new RateLimited("planned", "noop", "r1", "rule", 1, first),
                    new RateLimited("gone", "noop", "r1", "rule", 1, first)));
            return null;
        });
        // A later deferral of the same job changes nothing.
        Jdbc.inTransaction(ds, c -> {
            EventStore.noteRateLimited(c, List.of(new RateLimited("j1", "noop", "r1", "action", 9, first.plusSeconds(60))));
            return null;
        });

        assertThat(notes(ds)).containsExactly("e1/r1/j1: rule 1 " + first.toEpochMilli(), "e1/r2/j2: null 0 0",
                "e2/r1/j3: null 0 0");
    }

    private static void job(DataSource ds, String id, String eventId, String ruleId) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO timeos_job (id, "
                + "rule_id, event_id, action_name, args, perform_at, priority, status, attempt, max_attempts, backoff_ms, "
                + "created_at, updated_at) VALUES (?, ?, ?, 'noop', '{}', 0, 0, 'SCHEDULED', 0, 3, 1000, 0, 0)")) {
            ps.setString(1, id);
            ps.setString(2, ruleId);
            ps.setString(3, eventId);
            ps.executeUpdate();
        }
    }

    private static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }

    private static List<String> notes(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT event_id, rule_id, "
                + "job_id, limited_by, limit_per_minute, deferred_to FROM timeos_event_rule ORDER BY event_id, rule_id");
             ResultSet rs = ps.executeQuery()) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3) + ": " + rs.getString(4) + " "
                        + rs.getInt(5) + " " + rs.getLong(6));
            }
            return out;
        }
    }
}

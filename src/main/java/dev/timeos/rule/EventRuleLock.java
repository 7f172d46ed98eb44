package dev.timeos.rule;

import dev.timeos.store.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An event reads the rules of its type under a shared lock held until its transaction ends. A pause or delete of one of
 * them (RuleService: the row locked for update, the rule's pending jobs cancelled, the row changed) then serializes with
 * the event, whichever comes first: a pause under way makes the event wait and read the rule paused; an event under
 * way makes the pause wait for its jobs to be stored, and the pause cancels them with the rule's other pending jobs.
 * Without it, an event that read the rule enabled stored its job after the pause had cancelled the rule's jobs: a job
 * of a paused rule ran, days later for an offset rule. Events of one type share the lock; only a change of the rule
 * waits. (A time rule's planner serializes with a pause on the same row: OccurrenceWriter.)
 */
final class EventRuleLock {

    private EventRuleLock() {
    }

    /** Locks, in id order, the rules of {@code eventType} (disabled ones too). @return their ids */
    static List<String> hold(Connection c, Dialect dialect, String eventType) throws SQLException {
        // PostgreSQL: a shared row lock. Derby: read stability keeps the shared locks of the rows read to the commit.
        String sql = "SELECT id FROM timeos_rule WHERE event_type = ? ORDER BY id"
                + (dialect == Dialect.POSTGRESQL ? " FOR SHARE" : " WITH RS");
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, eventType);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }
}

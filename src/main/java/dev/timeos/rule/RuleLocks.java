package dev.timeos.rule;

import dev.timeos.store.Dialect;
import dev.timeos.store.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * How events and changes of rules serialize on the rules' rows, every lock held until the transaction ends and taken in
 * id order, so that no two of them wait for each other in a cycle.
 * <ul>
 *   <li>An event holds the rules of its types shared ({@link #holdForEvents}): events do not wait for each other.</li>
 *   <li>A change (PATCH, pause, delete, a reload of code or file rules) takes its rules exclusively
 *       ({@link #takeForChange}), then cancels their pending jobs and changes the rows.</li>
 * </ul>
 * A pause under way makes an event wait, and the event then reads the rule paused; an event under way makes the pause
 * wait for its jobs to be stored, and the pause cancels them with the rule's other pending jobs. Without this, an event
 * that read a rule enabled stored its job after a pause had cancelled the rule's jobs: a paused rule's job ran, a week
 * later for an offset rule. (A time rule's planner serializes with a change on the same row: OccurrenceWriter.)
 * A rule created while an event is under way is not held by it: creating a rule is not a change it must wait for.
 */
final class RuleLocks {

    private RuleLocks() {
    }

    /** Holds, shared and in id order, the rules triggered by events of {@code eventTypes} (disabled ones too). */
    static void holdForEvents(Connection c, Dialect dialect, Collection<String> eventTypes) throws SQLException {
        List<String> types = List.copyOf(new TreeSet<>(eventTypes));
        if (types.isEmpty()) {
            return;
        }
        if (dialect == Dialect.POSTGRESQL) {
            // Rows are locked as they leave the sort: in id order.
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM timeos_rule WHERE event_type"
                    + Jdbc.in(types.size()) + " ORDER BY id FOR SHARE")) {
                Jdbc.bindAll(ps, 1, types);
                drain(ps);
            }
            return;
        }
        // Derby locks rows in its scan's order, not the ORDER BY's: the ids first (read committed: no lock kept), then
        // each row, in id order, under read stability (its shared lock kept to the commit).
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM timeos_rule WHERE event_type" + Jdbc.in(types.size()))) {
            Jdbc.bindAll(ps, 1, types);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM timeos_rule WHERE id = ? WITH RS")) {
            for (String id : new TreeSet<>(ids)) {
                ps.setString(1, id);
                drain(ps);
            }
        }
    }

    /**
     * Takes the rules named exclusively, in id order: a write that changes nothing, as JobRepository.lockAll takes jobs.
     * Not JPA's PESSIMISTIC_WRITE: on Derby that is FOR UPDATE WITH RS, an update lock, which an event's shared lock
     * does not block (nor it the event's), so a pause would not wait for an event under way.
     */
    static void takeForChange(Connection c, Collection<String> ruleIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE timeos_rule SET version = version WHERE id = ?")) {
            for (String id : new TreeSet<>(ruleIds)) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
        }
    }

    private static void drain(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rs.getString(1);
            }
        }
    }
}

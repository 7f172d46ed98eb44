package dev.timeos.rule;

import dev.timeos.json.JsonP;
import dev.timeos.store.StoreException;
import jakarta.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The history of rules ({@code timeos_rule_history}), in plain SQL on the connection of the change's own
 * transaction: a change and its history row commit or roll back together. No foreign key to the rule, so the
 * history of a deleted rule stays.
 */
final class RuleHistory {

    private static final int MAX_BY = 200;

    private RuleHistory() {
    }

    /**
     * Appends a change. Changes of one rule are serialized by the lock on its row (or, for a create, by the
     * rule's new id), so the next sequence number is read, not generated.
     */
    static void append(Connection c, String ruleId, RuleChange change) {
        try {
            int seq;
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM timeos_rule_history WHERE rule_id = ?")) {
                ps.setString(1, ruleId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getInt(1) + 1;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO timeos_rule_history (rule_id, seq, changed_at, "
                    + "changed_by, change_kind, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, ruleId);
                ps.setInt(2, seq);
                ps.setLong(3, change.at().toEpochMilli());
                String by = change.by() == null || change.by().isBlank() ? RuleChange.ANONYMOUS : change.by();
                ps.setString(4, by.length() > MAX_BY ? by.substring(0, MAX_BY) : by);
                ps.setString(5, change.change());
                json(ps, 6, change.before());
                json(ps, 7, change.after());
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Oldest first. */
    static List<RuleChange> of(Connection c, String ruleId) {
        try (PreparedStatement ps = c.prepareStatement("SELECT changed_at, changed_by, change_kind, before_json, after_json "
                + "FROM timeos_rule_history WHERE rule_id = ? ORDER BY seq")) {
            ps.setString(1, ruleId);
            List<RuleChange> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RuleChange(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                            parse(rs.getString(4)), parse(rs.getString(5))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static void json(PreparedStatement ps, int i, JsonObject o) throws SQLException {
        // setString(null), not setNull: the column is a CLOB on Derby and TEXT on PostgreSQL.
        ps.setString(i, o == null ? null : o.toString());
    }

    private static JsonObject parse(String s) {
        if (s == null) {
            return null;
        }
        return JsonP.readObject(s);
    }
}

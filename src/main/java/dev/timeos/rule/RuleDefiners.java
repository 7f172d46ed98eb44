package dev.timeos.rule;

import dev.timeos.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which node defines which code or file rule ({@code timeos_rule_definer}), in plain SQL on the caller's
 * connection. A node only ever writes its own rows: that is what keeps two deployments of different versions
 * from removing each other's rules.
 */
final class RuleDefiners {

    private RuleDefiners() {
    }

    /** This node's rows for the source's rules: rule id → where it was defined (RuleSet class or rules file). */
    static Map<String, String> ofNode(Connection c, String node, Rule.Source source) {
        try (PreparedStatement ps = c.prepareStatement("SELECT rule_id, defined_in FROM timeos_rule_definer "
                + "WHERE node_id = ? AND rule_id LIKE ?")) {
            ps.setString(1, node);
            ps.setString(2, source.wireName() + ":%");
            Map<String, String> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** The source's rules that some node defines. */
    static Set<String> defined(Connection c, Rule.Source source) {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT rule_id FROM timeos_rule_definer WHERE rule_id LIKE ?")) {
            ps.setString(1, source.wireName() + ":%");
            Set<String> out = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    static void put(Connection c, String ruleId, String node, String definedIn, Instant now, boolean exists) {
        String sql = exists
                ? "UPDATE timeos_rule_definer SET defined_in = ?, defined_at = ? WHERE rule_id = ? AND node_id = ?"
                : "INSERT INTO timeos_rule_definer (defined_in, defined_at, rule_id, node_id) VALUES (?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, definedIn.length() > 400 ? definedIn.substring(definedIn.length() - 400) : definedIn);
            ps.setLong(2, now.toEpochMilli());
            ps.setString(3, ruleId);
            ps.setString(4, node);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    static void remove(Connection c, String ruleId, String node) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM timeos_rule_definer WHERE rule_id = ? AND node_id = ?")) {
            ps.setString(1, ruleId);
            ps.setString(2, node);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** A node that stops defines nothing any more. @return how many rows it had */
    static int forgetNode(Connection c, String node) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM timeos_rule_definer WHERE node_id = ?")) {
            ps.setString(1, node);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Rows of a rule an operator deleted. */
    static void forgetRule(Connection c, String ruleId) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM timeos_rule_definer WHERE rule_id = ?")) {
            ps.setString(1, ruleId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
}

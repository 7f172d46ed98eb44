package dev.timeos.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention's batch, the same for every table: at most {@code limit} of the oldest rows that a condition selects are
 * deleted by one statement that repeats the condition (a row that no longer meets it since the select stays), then the
 * rows of a child table that belonged to the parents now gone. One short transaction per batch on the caller's
 * connection, never the whole backlog at once.
 *
 * @param from        {@code " FROM parent WHERE <condition>"}, parent rows keyed by a string column {@code id}
 * @param oldest      the columns that order the candidates, oldest first
 * @param oldestIndex the index that gives the candidates in that order, named to Derby's optimizer in the select that
 *                    picks a batch (which would otherwise read an index led by a column of the condition and sort);
 *                    PostgreSQL reads the hint as a comment. {@code null}: the optimizer chooses.
 * @param pickBound   {@code null}, or a predicate that every row the condition selects meets, which bounds the range
 *                    of {@code oldestIndex} the select reads ({@code "AND perform_at < ?"}). The select and the count
 *                    add it; the delete does not, since Derby's optimizer would then take that range, every old row,
 *                    for the few picked ids (a DELETE cannot name its index to Derby).
 * @param childTable  the table of the dependent rows, and {@code childKey} its column naming the parent
 */
public record BoundedDelete(String from, String oldest, String oldestIndex, String pickBound, String childTable,
                            String childKey) {

    /** Without a bound for the select. */
    public BoundedDelete(String from, String oldest, String oldestIndex, String childTable, String childKey) {
        this(from, oldest, oldestIndex, null, childTable, childKey);
    }

    /** Binds the condition's parameters (then, where it is added, the bound's) from index 1. */
    @FunctionalInterface
    public interface Condition {
        /** @param bounded whether the statement adds {@link #pickBound} @return the next parameter's index */
        int bind(PreparedStatement ps, boolean bounded) throws SQLException;
    }

    /** How many rows meet the condition now. */
    public long count(Connection c, Condition condition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + from + bound())) {
            condition.bind(ps, pickBound != null);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The statement that picks a batch: the oldest {@code limit} rows the condition selects (also for plan checks). */
    public String selectOldest(int limit) {
        String picked = oldestIndex == null ? from
                : " FROM " + parent() + " --DERBY-PROPERTIES index=" + oldestIndex + "\n" + from.substring(from.indexOf(" WHERE "));
        return "SELECT id" + picked + bound() + " ORDER BY " + oldest + " FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY";
    }

    /** The statement that removes a picked batch of {@code n} ids, repeating the condition (also for plan checks). */
    public String deletePicked(int n) {
        return "DELETE" + from + " AND id" + Jdbc.in(n);
    }

    /** @return how many parent rows were removed (fewer than {@code limit}: nothing more to remove now) */
    public int run(Connection c, Condition condition, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(selectOldest(limit))) {
            condition.bind(ps, pickBound != null);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        int removed;
        try (PreparedStatement ps = c.prepareStatement(deletePicked(ids.size()))) {
            Jdbc.bindAll(ps, condition.bind(ps, false), ids);
            removed = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + childTable + " WHERE " + childKey + Jdbc.in(ids.size())
                + " AND NOT EXISTS (SELECT 1 FROM " + parent() + " p WHERE p.id = " + childTable + "." + childKey + ")")) {
            Jdbc.bindAll(ps, 1, ids);
            ps.executeUpdate();
        }
        return removed;
    }

    private String bound() {
        return pickBound == null ? "" : " " + pickBound;
    }

    private String parent() {
        return from.substring(" FROM ".length(), from.indexOf(" WHERE "));
    }
}

package dev.timeos.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a job's end means for the jobs waiting on it: success releases them; death or cancellation
 * cancels them, and so on down the chain. Plain SQL on the caller's connection and transaction, shared by
 * the store (cancel) and the dispatcher (completions).
 */
public final class Dependencies {

    private Dependencies() {
    }

    /** WAITING dependents of succeeded jobs become SCHEDULED. @return how many */
    public static int release(Connection c, Collection<String> succeededIds, Instant now) throws SQLException {
        if (succeededIds.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE timeos_job SET status = 'SCHEDULED', updated_at = ? WHERE depends_on = ? AND status = 'WAITING'")) {
            for (String id : succeededIds) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, id);
                ps.addBatch();
            }
            int n = 0;
            for (int count : ps.executeBatch()) {
                n += Math.max(count, 0);
            }
            return n;
        }
    }

    /** WAITING dependents (transitively) of jobs that will never succeed become CANCELLED. @return their ids */
    public static List<String> cancelDependents(Connection c, Collection<String> endedIds, String reason, Instant now)
            throws SQLException {
        List<String> cancelled = new ArrayList<>();
        List<String> frontier = new ArrayList<>(endedIds);
        while (!frontier.isEmpty()) {
            List<String> next = new ArrayList<>();
            try (PreparedStatement find = c.prepareStatement(
                    "SELECT id FROM timeos_job WHERE depends_on = ? AND status = 'WAITING'");
                 PreparedStatement cancel = c.prepareStatement(
                         "UPDATE timeos_job SET status = 'CANCELLED', last_error = ?, finished_at = ?, updated_at = ? "
                                 + "WHERE id = ? AND status = 'WAITING'")) {
                for (String parent : frontier) {
                    find.setString(1, parent);
                    try (ResultSet rs = find.executeQuery()) {
                        while (rs.next()) {
                            String child = rs.getString(1);
                            cancel.setString(1, "dependency " + parent + " " + reason);
                            cancel.setLong(2, now.toEpochMilli());
                            cancel.setLong(3, now.toEpochMilli());
                            cancel.setString(4, child);
                            if (cancel.executeUpdate() == 1) {
                                next.add(child);
                            }
                        }
                    }
                }
            }
            cancelled.addAll(next);
            frontier = next;
        }
        return cancelled;
    }
}

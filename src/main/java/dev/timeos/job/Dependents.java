package dev.timeos.job;

import dev.timeos.store.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a job's end means for the jobs waiting on it (a success releases them, an end that will never succeed cancels
 * them, transitively), and {@code timeos_job_dependent}, the table that finds them (V13): the one class that writes and
 * reads it. Called by the repository's insert and its ends and cancels, in their transactions
 * ({@link JdbcJobRepository}); each write is conditional on the dependent still {@code WAITING}. (V13's comment names
 * {@link #take} by its earlier place, {@code JdbcJobRepository.takeDependents}: an applied migration is never edited.)
 */
final class Dependents {

    private Dependents() {
    }

    /**
     * The jobs that wait on another are also written into {@code timeos_job_dependent} (V13), the one place their
     * dependency is looked up from: an index on {@code timeos_job.depends_on} took an entry for every job on Derby,
     * which has no partial index, though few jobs have a dependency. A row lives while its job may still wait: it is
     * taken when the dependency ends ({@link #take}).
     */
    static void list(Connection c, Collection<NewJob> jobs) throws SQLException {
        List<NewJob> waiting = jobs.stream().filter(j -> j.dependsOn() != null && j.status() == JobStatus.WAITING).toList();
        if (waiting.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO timeos_job_dependent (depends_on, job_id) VALUES (?, ?)")) {
            for (NewJob j : waiting) {
                ps.setString(1, j.dependsOn());
                ps.setString(2, j.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** WAITING dependents of succeeded jobs become SCHEDULED. @return how many */
    static int release(Connection c, Dialect dialect, Collection<String> succeededIds, Instant now) throws SQLException {
        Map<String, String> dependents = take(c, dialect, succeededIds);
        if (dependents.isEmpty()) {
            return 0;
        }
        // In id order, as every other multi-row write; a dependent cancelled meanwhile stays cancelled (zero rows).
        try (PreparedStatement ps = c.prepareStatement("UPDATE timeos_job SET status = 'SCHEDULED', updated_at = ?, "
                + "version = version + 1 WHERE id = ? AND status = 'WAITING'")) {
            for (String id : dependents.keySet()) {
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
    static List<String> cancel(Connection c, Dialect dialect, Collection<String> endedIds, String reason, Instant now)
            throws SQLException {
        List<String> cancelled = new ArrayList<>();
        Collection<String> frontier = endedIds;
        String why = reason;
        while (!frontier.isEmpty()) {
            List<String> next = new ArrayList<>();
            // Each level's dependents are changed in id order, as every other multi-row write (see cancel).
            Map<String, String> parentOf = take(c, dialect, frontier);
            try (PreparedStatement cancel = c.prepareStatement("UPDATE timeos_job SET status = 'CANCELLED', last_error = ?, "
                    + "finished_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND status = 'WAITING'")) {
                for (Map.Entry<String, String> child : parentOf.entrySet()) {
                    cancel.setString(1, "cancelled: dependency " + child.getValue() + " " + why);
                    cancel.setLong(2, now.toEpochMilli());
                    cancel.setLong(3, now.toEpochMilli());
                    cancel.setString(4, child.getKey());
                    if (cancel.executeUpdate() == 1) {
                        next.add(child.getKey());
                    }
                }
            }
            cancelled.addAll(next);
            frontier = next;
            // Their own dependents wait on a job that was cancelled, whatever ended the first one.
            why = "was cancelled";
        }
        return cancelled;
    }

    /**
     * Removes the {@code timeos_job_dependent} rows of jobs that have ended (succeeded, or will never succeed): what
     * their dependents do is decided now, in this transaction, so the rows are not needed again. The caller holds the
     * ended jobs' rows (its end wrote them), and a dependent is only made under that lock (JobService), so none can
     * appear after. A dependent that was cancelled by itself meanwhile is still here; the caller's write, conditional on
     * WAITING, leaves it as it is.
     *
     * @return each dependent's id, in id order, with the id of the job it waited on
     */
    private static Map<String, String> take(Connection c, Dialect dialect, Collection<String> endedIds) throws SQLException {
        Map<String, String> parentOf = new TreeMap<>();
        if (endedIds.isEmpty()) {
            return parentOf;
        }
        if (dialect == Dialect.POSTGRESQL) {
            // One statement for the batch, not one per ended job (a drain of 50,000 jobs would run 50,000, most
            // finding nothing).
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM timeos_job_dependent WHERE depends_on = ANY (?) RETURNING job_id, depends_on")) {
                ps.setArray(1, c.createArrayOf("varchar", endedIds.toArray(String[]::new)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        parentOf.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return parentOf;
        }
        // Derby: a probe of the primary key per ended job (in-process, no round trip), then a delete only for the few
        // that had dependents.
        try (PreparedStatement find = c.prepareStatement("SELECT job_id FROM timeos_job_dependent WHERE depends_on = ?")) {
            for (String parent : endedIds) {
                find.setString(1, parent);
                try (ResultSet rs = find.executeQuery()) {
                    while (rs.next()) {
                        parentOf.put(rs.getString(1), parent);
                    }
                }
            }
        }
        if (!parentOf.isEmpty()) {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM timeos_job_dependent WHERE depends_on = ?")) {
                for (String parent : new TreeSet<>(parentOf.values())) {
                    delete.setString(1, parent);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        }
        return parentOf;
    }
}

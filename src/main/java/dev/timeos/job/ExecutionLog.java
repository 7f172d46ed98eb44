package dev.timeos.job;

import dev.timeos.job.Execution.Outcome;
import dev.timeos.store.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.timeos.job.JobSql.setText;
import static dev.timeos.job.JobSql.truncate;

/**
 * The execution log ({@code timeos_execution}): one row per attempt that ran, written in the transaction that ends it
 * ({@link JdbcJobRepository#end}) or takes it back ({@link Orphans}: {@code LOST}). An end that came too late, its claim
 * superseded, still gets its row, as {@code STALE}.
 */
final class ExecutionLog {

    /** The columns {@link #bind} fills. */
    static final String INSERT = "INSERT INTO timeos_execution "
            + "(job_id, attempt, node, started_at, finished_at, outcome, error_message) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private ExecutionLog() {
    }

    /** One row per ended attempt; PostgreSQL in one statement, Derby as a batch. */
    static void insert(Connection c, Dialect dialect, List<AttemptEnd> ends) throws SQLException {
        if (ends.isEmpty()) {
            return;
        }
        if (dialect == Dialect.POSTGRESQL) {
            insertAtOnce(c, ends);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (AttemptEnd e : ends) {
                bind(ps, e.attempt(), e.outcome(), e.error(), e.finishedAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** PostgreSQL: the execution rows of a batch in one statement (as {@code JdbcJobRepository.succeedAll} ends them). */
    private static void insertAtOnce(Connection c, List<AttemptEnd> ends) throws SQLException {
        int n = ends.size();
        String[] jobIds = new String[n];
        Integer[] attempts = new Integer[n];
        String[] nodes = new String[n];
        Long[] started = new Long[n];
        Long[] finished = new Long[n];
        String[] outcomes = new String[n];
        String[] errors = new String[n];
        for (int i = 0; i < n; i++) {
            AttemptEnd e = ends.get(i);
            Attempt a = e.attempt();
            jobIds[i] = a.id();
            attempts[i] = a.attempt();
            nodes[i] = a.node();
            started[i] = startMillis(a, e.finishedAt());
            finished[i] = e.finishedAt().toEpochMilli();
            outcomes[i] = e.outcome().name();
            errors[i] = truncate(e.error());
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO timeos_execution "
                + "(job_id, attempt, node, started_at, finished_at, outcome, error_message) SELECT * FROM "
                + "unnest(?::varchar[], ?::int4[], ?::varchar[], ?::int8[], ?::int8[], ?::varchar[], ?::text[])")) {
            ps.setArray(1, c.createArrayOf("varchar", jobIds));
            ps.setArray(2, c.createArrayOf("int4", attempts));
            ps.setArray(3, c.createArrayOf("varchar", nodes));
            ps.setArray(4, c.createArrayOf("int8", started));
            ps.setArray(5, c.createArrayOf("int8", finished));
            ps.setArray(6, c.createArrayOf("varchar", outcomes));
            ps.setArray(7, c.createArrayOf("text", errors));
            ps.executeUpdate();
        }
    }

    /** An execution row's start: the attempt's, or its end when it ended before it was marked started. */
    private static long startMillis(Attempt a, Instant finishedAt) {
        return (a.startedAt() == null ? finishedAt : a.startedAt()).toEpochMilli();
    }

    static void bind(PreparedStatement ps, Attempt a, Outcome outcome, String error, Instant finishedAt)
            throws SQLException {
        ps.setString(1, a.id());
        ps.setInt(2, a.attempt());
        ps.setString(3, a.node());
        ps.setLong(4, startMillis(a, finishedAt));
        ps.setLong(5, finishedAt.toEpochMilli());
        ps.setString(6, outcome.name());
        setText(ps, 7, truncate(error));
    }

    /**
     * Ends whose claim was superseded: the job has moved on (reaped, cancelled, handed back), so nothing of it
     * changes. The attempt still gets its row, saying what it did: the reaper's LOST row for it becomes STALE, or
     * a STALE row is added. A cancellation that raced the end is recorded as what it is, CANCELLED.
     */
    static List<Lease> recordStale(Connection c, List<AttemptEnd> refused) throws SQLException {
        List<Lease> stale = new ArrayList<>();
        if (refused.isEmpty()) {
            return stale;
        }
        try (PreparedStatement state = c.prepareStatement("SELECT status, version, attempt FROM timeos_job WHERE id = ?");
             PreparedStatement overLost = c.prepareStatement("UPDATE timeos_execution SET outcome = 'STALE', "
                     + "finished_at = ?, error_message = ? WHERE job_id = ? AND attempt = ? AND node = ? AND outcome = 'LOST'");
             PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (AttemptEnd e : refused) {
                Attempt a = e.attempt();
                stale.add(a.lease());
                state.setString(1, a.id());
                String current;
                try (ResultSet rs = state.executeQuery()) {
                    current = rs.next() ? rs.getString(1) + " (version " + rs.getLong(2) + ", attempt " + rs.getInt(3) + ")" : "deleted";
                }
                if (e.outcome() == Outcome.CANCELLED && current.startsWith("CANCELLED")) {
                    bind(insert, a, Outcome.CANCELLED, e.error(), e.finishedAt());
                    insert.executeUpdate();
                    continue;
                }
                String error = e.outcome() + (e.error() == null ? "" : ": " + e.error())
                        + "; not applied: this node's claim " + a.lease() + " no longer held, the job is " + current;
                overLost.setLong(1, e.finishedAt().toEpochMilli());
                setText(overLost, 2, truncate(error));
                overLost.setString(3, a.id());
                overLost.setInt(4, a.attempt());
                overLost.setString(5, a.node());
                if (overLost.executeUpdate() == 0) {
                    bind(insert, a, Outcome.STALE, error, e.finishedAt());
                    insert.executeUpdate();
                }
            }
        }
        return stale;
    }
}

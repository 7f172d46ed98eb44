package dev.timeos.it;

import dev.timeos.action.Action;
import dev.timeos.action.JobContext;
import dev.timeos.action.Performer;
import dev.timeos.store.Database;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The work of {@link ClusterKillIT}: sleeps {@code args.millis} (interruptibly) and writes down every run in a table
 * of the test ({@value #TABLE}), apart from TimeOS's own tables, so that the test can tell which node ran what and
 * when, including runs whose outcome TimeOS never recorded because their node was killed.
 * <p>
 * Each row is written in a statement of its own with autocommit, outside any transaction (the performer runs on
 * the managed executor with no JTA transaction): the start row is durable before the sleep begins, so a run cut
 * by {@code kill -9} leaves a row with no end.
 */
@Action(ClusterWork.ACTION)
@ApplicationScoped
public class ClusterWork implements Performer {

    static final String ACTION = "test-cluster-work";
    static final String TABLE = "it_cluster_run";

    /** Created by the test before the servers start (they only insert and update). */
    static final String CREATE_TABLE = "CREATE TABLE " + TABLE + " ("
            + "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
            + "job_id VARCHAR(36) NOT NULL, "
            + "attempt INTEGER NOT NULL, "
            + "node VARCHAR(200) NOT NULL, "
            + "started_at_ms BIGINT NOT NULL, "
            + "finished_at_ms BIGINT, "
            + "error TEXT)";

    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    private String node;

    @PostConstruct
    void readNode() {
        // The node id the engine uses too (TIMEOS_NODE_ID): the test compares both.
        node = ConfigProvider.getConfig().getValue("timeos.node.id", String.class);
    }

    @Override
    public void perform(JobContext job) throws Exception {
        long run = started(job);
        String error = null;
        try {
            Thread.sleep(job.args().getInt("millis"));
        } catch (InterruptedException e) {
            // Timeout, cancellation or shutdown: the run ends here all the same, and says why.
            error = "interrupted";
            throw e;
        } finally {
            finished(run, error);
        }
    }

    private long started(JobContext job) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                    + " (job_id, attempt, node, started_at_ms) VALUES (?, ?, ?, ?)", new String[]{"id"})) {
                ps.setString(1, job.jobId());
                ps.setInt(2, job.attempt());
                ps.setString(3, node);
                ps.setLong(4, System.currentTimeMillis());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        }
    }

    private void finished(long run, String error) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE " + TABLE + " SET finished_at_ms = ?, error = ? WHERE id = ?")) {
                ps.setLong(1, System.currentTimeMillis());
                ps.setString(2, error);
                ps.setLong(3, run);
                ps.executeUpdate();
            }
        }
    }
}

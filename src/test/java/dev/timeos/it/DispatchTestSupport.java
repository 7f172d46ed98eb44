package dev.timeos.it;

import dev.timeos.action.Action;
import dev.timeos.action.JobContext;
import dev.timeos.action.Performer;
import dev.timeos.store.Database;
import dev.timeos.store.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * What the dispatcher's container tests add to the real WAR: performers whose limits the test server's
 * configuration sets (see the failsafe environment in pom.xml), and a test-only endpoint that plays a dead node.
 */
public final class DispatchTestSupport {

    private DispatchTestSupport() {
    }

    /** Succeeds at once; limited to 60 starts per minute by the test server's configuration. */
    @Action("test-limited")
    @ApplicationScoped
    public static class Limited implements Performer {
        @Override
        public void perform(JobContext job) {
            // Nothing to do: the test looks at when the jobs started.
        }
    }

    /** Sleeps {@code args.millis} (interruptibly); at most 2 at once by the test server's configuration. */
    @Action("test-narrow")
    @ApplicationScoped
    public static class Narrow implements Performer {
        @Override
        public void perform(JobContext job) throws InterruptedException {
            Thread.sleep(job.args().getInt("millis", 500));
        }
    }

    /** Sleeps until the instant {@code args.untilEpochMilli} (interruptibly), on every attempt: survives a restart. */
    @Action("test-until")
    @ApplicationScoped
    public static class Until implements Performer {
        @Override
        public void perform(JobContext job) throws InterruptedException {
            long wait = job.args().getJsonNumber("untilEpochMilli").longValue() - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
        }
    }

    /** Plays a node that died while running a job: its lease expired a second ago and nobody renews it. */
    @Path("test/dead-node-job")
    public static class DeadNode {

        @Inject
        Database database;

        @POST
        @Produces(MediaType.TEXT_PLAIN)
        public String insertJobLeasedByADeadNode() throws SQLException {
            String id = Ids.newId();
            long now = System.currentTimeMillis();
            try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO timeos_job (id, action_name, args, perform_at, priority, status, attempt, max_attempts, "
                            + "backoff_ms, created_at, updated_at, started_at, lease_owner, lease_expires_at) "
                            + "VALUES (?, 'noop', '{}', ?, 0, 'RUNNING', 1, 3, 1000, ?, ?, ?, 'dead-node', ?)")) {
                ps.setString(1, id);
                ps.setLong(2, now - 60_000);
                ps.setLong(3, now - 60_000);
                ps.setLong(4, now - 60_000);
                ps.setLong(5, now - 60_000);
                ps.setLong(6, now - 1_000);
                ps.executeUpdate();
            }
            return id;
        }
    }
}

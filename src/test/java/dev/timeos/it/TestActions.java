package dev.timeos.it;

import dev.timeos.action.Action;
import dev.timeos.action.JobContext;
import dev.timeos.action.PermanentFailure;
import dev.timeos.action.Performer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Performers the container tests deploy beside the real WAR, the way an application adds its own
 * {@code @Action} beans.
 */
public final class TestActions {

    private TestActions() {
    }

    /** Fails while {@code attempt <= args.failTimes}, then succeeds. */
    @Action("test-flaky")
    @ApplicationScoped
    public static class Flaky implements Performer {
        @Override
        public void perform(JobContext job) {
            int failTimes = job.args().getInt("failTimes", Integer.MAX_VALUE);
            if (job.attempt() <= failTimes) {
                throw new IllegalStateException("planned failure " + job.attempt() + " of " + failTimes);
            }
        }
    }

    /** Fails in a way retrying cannot fix. */
    @Action("test-permanent")
    @ApplicationScoped
    public static class Permanent implements Performer {
        @Override
        public void perform(JobContext job) throws PermanentFailure {
            throw new PermanentFailure("bad request, do not retry");
        }
    }

    /** Sleeps {@code args.millis} (interruptibly) on its first attempt only, then succeeds quickly. */
    @Action("test-slow")
    @ApplicationScoped
    public static class Slow implements Performer {
        @Override
        public void perform(JobContext job) throws InterruptedException {
            if (job.attempt() == 1 || job.args().getBoolean("always", false)) {
                Thread.sleep(job.args().getInt("millis", 60_000));
            }
        }
    }
}

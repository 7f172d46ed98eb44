package dev.timeos.dispatch;

import dev.timeos.job.Attempt;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker pool with an executor the test drives: each worker runs when the test says so. */
class WorkerPoolTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final ManualTimer timer = new ManualTimer(clock);
    private final Deque<Runnable> workers = new ArrayDeque<>();
    private final Executor executor = workers::add;
    private final List<String> performed = new ArrayList<>();
    private final List<WorkerPool.Stop> stops = new ArrayList<>();

    private static Attempt attempt(String id, String action, long version) {
        return due(id, action, version, T0);
    }

    private static Attempt due(String id, String action, long version, Instant performAt) {
        return new Attempt(id, null, null, action, null, "{}", performAt, 0, 1, 3, Duration.ofSeconds(1), null, null,
                "n", version, null);
    }

    private WorkerPool pool(int size) {
        return new WorkerPool(size, executor, timer, clock, (r, free) -> {
            performed.add(r.attempt().id());
            stops.add(r.stopReason());
        });
    }

    /** Runs every worker the pool asked for (a worker that finds the ready queue empty just ends). */
    private void runWorkers() {
        while (!workers.isEmpty()) {
            workers.poll().run();
        }
    }

    @Test
    void atMostSizeWorkersRunAndEachDrainsTheReadyQueue() {
        WorkerPool pool = pool(2);
        for (int i = 0; i < 5; i++) {
            pool.submit(attempt("j" + i, "noop", 1));
        }
        pool.startWorkers();
        assertThat(workers).hasSize(2);
        assertThat(pool.inFlight()).isEqualTo(5);
        assertThat(pool.running("noop")).isEqualTo(5);
        workers.poll().run();
        // One worker took every ready attempt, in order, freeing each slot as it went.
        assertThat(performed).containsExactly("j0", "j1", "j2", "j3", "j4");
        assertThat(pool.inFlight()).isZero();
        assertThat(pool.running("noop")).isZero();
        assertThat(pool.recentlyFinished()).isEqualTo(5);
    }

    @Test
    void aStopReachesOnlyTheAttemptsOfThatJobAndTwoAttemptsOfOneJobAreTwoEntries() {
        WorkerPool pool = pool(4);
        Attempt first = attempt("same", "noop", 1);
        Attempt second = attempt("same", "noop", 3);
        pool.submit(first);
        pool.submit(second);
        pool.submit(attempt("other", "noop", 1));
        assertThat(pool.inFlight()).isEqualTo(3);
        pool.stop(first.lease(), WorkerPool.Stop.CLAIM_LOST);
        pool.stop("other", WorkerPool.Stop.CANCELLED);
        pool.startWorkers();
        workers.poll().run();
        assertThat(performed).containsExactly("same", "same", "other");
        assertThat(stops).containsExactly(WorkerPool.Stop.CLAIM_LOST, null, WorkerPool.Stop.CANCELLED);
    }

    @Test
    void closingAnswersTheAttemptsNoWorkerStartedAndStartsNoMore() {
        WorkerPool pool = pool(1);
        pool.submit(attempt("a", "noop", 1));
        pool.submit(attempt("b", "noop", 1));
        assertThat(pool.close()).extracting(Attempt::id).containsExactly("a", "b");
        assertThat(pool.inFlight()).isZero();
        pool.submit(attempt("c", "noop", 1));
        pool.startWorkers();
        assertThat(workers).isEmpty();
    }

    @Test
    void anAttemptClaimedAheadIsHeldUntilItsDueMillisecondAndNeverStartsBefore() {
        WorkerPool pool = pool(2);
        pool.submit(due("soon", "noop", 1, T0.plusMillis(15)));
        pool.submit(attempt("now", "noop", 1));
        pool.startWorkers();
        runWorkers();
        assertThat(performed).containsExactly("now");
        assertThat(pool.held()).isEqualTo(1);
        assertThat(pool.inFlight()).as("a held attempt counts against the workers").isEqualTo(1);

        clock.advance(Duration.ofMillis(14));
        timer.runDue();
        assertThat(workers).as("one millisecond before it is due").isEmpty();

        clock.advance(Duration.ofMillis(1));
        timer.runDue();
        assertThat(pool.held()).isZero();
        runWorkers();
        assertThat(performed).containsExactly("now", "soon");
        assertThat(pool.inFlight()).isZero();
    }

    @Test
    void aTimerThatFiresBeforeTheClockReachesTheDueTimeWaitsTheRest() {
        List<Runnable> fired = new ArrayList<>();
        Timer early = new Timer() {
            @Override
            public Scheduled schedule(Runnable task, long delayMillis) {
                fired.add(task);
                return () -> { };
            }

            @Override
            public Scheduled scheduleAtFixedRate(Runnable task, long periodMillis) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void execute(Runnable task) {
                throw new UnsupportedOperationException();
            }
        };
        WorkerPool pool = new WorkerPool(1, executor, early, clock, (r, free) -> performed.add(r.attempt().id()));
        pool.submit(due("soon", "noop", 1, T0.plusMillis(10)));
        clock.advance(Duration.ofMillis(9));
        fired.remove(0).run();
        assertThat(pool.held()).as("still a millisecond early").isEqualTo(1);
        assertThat(fired).as("timed again for the rest").hasSize(1);
        clock.advance(Duration.ofMillis(1));
        fired.remove(0).run();
        runWorkers();
        assertThat(performed).containsExactly("soon");
    }

    @Test
    void aHeldAttemptAskedToStopIsAnsweredAtOnceNotAtItsDueTime() {
        WorkerPool pool = pool(2);
        Attempt soon = due("soon", "noop", 1, T0.plusSeconds(1));
        pool.submit(soon);
        pool.submit(due("lost", "noop", 1, T0.plusSeconds(1)));
        pool.stop("soon", WorkerPool.Stop.CANCELLED);
        pool.stop(due("lost", "noop", 1, T0).lease(), WorkerPool.Stop.CLAIM_LOST);
        assertThat(pool.held()).isZero();
        runWorkers();
        assertThat(performed).containsExactly("soon", "lost");
        assertThat(stops).containsExactly(WorkerPool.Stop.CANCELLED, WorkerPool.Stop.CLAIM_LOST);
        clock.advance(Duration.ofSeconds(1));
        timer.runDue();
        assertThat(workers).as("the timer's later release finds nothing held").isEmpty();
    }

    @Test
    void closingAnswersHeldAttemptsAndTheirTimerStartsNothingAfter() {
        WorkerPool pool = pool(1);
        pool.submit(due("held", "noop", 1, T0.plusMillis(10)));
        pool.submit(attempt("ready", "noop", 1));
        assertThat(pool.close()).extracting(Attempt::id).containsExactlyInAnyOrder("held", "ready");
        assertThat(pool.inFlight()).isZero();
        clock.advance(Duration.ofMillis(10));
        timer.runDue();
        assertThat(workers).isEmpty();
        assertThat(performed).isEmpty();
    }
}

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
    private final Deque<Runnable> workers = new ArrayDeque<>();
    private final Executor executor = workers::add;
    private final List<String> performed = new ArrayList<>();
    private final List<WorkerPool.Stop> stops = new ArrayList<>();

    private static Attempt attempt(String id, String action, long version) {
        return new Attempt(id, null, null, action, null, "{}", T0, 0, 1, 3, Duration.ofSeconds(1), null, null, "n",
                version, null);
    }

    private WorkerPool pool(int size) {
        return new WorkerPool(size, executor, clock, (r, free) -> {
            performed.add(r.attempt().id());
            stops.add(r.stopReason());
        });
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
}

package dev.timeos.dispatch;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** When the dispatcher ticks: at the soonest instant asked for, one tick at a time, and never losing a request. */
class WaiterTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final ManualTimer timer = new ManualTimer(clock);

    @Test
    void ticksAtTheSoonestRequestedInstantAndSleepsUntilTheInstantTheTickAnswers() {
        AtomicInteger ticks = new AtomicInteger();
        Waiter waiter = new Waiter(clock, timer, () -> {
            ticks.incrementAndGet();
            return clock.instant().plusSeconds(5);
        });
        waiter.wakeAt(T0.plusSeconds(2));
        waiter.wakeAt(T0.plusSeconds(3));
        assertThat(waiter.pendingAt()).isEqualTo(T0.plusSeconds(2));
        waiter.wakeAt(T0.plusSeconds(1));
        assertThat(waiter.pendingAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(timer.pending()).as("the later wake-up was called off").isEqualTo(1);

        clock.advance(Duration.ofMillis(999));
        assertThat(timer.runDue()).isZero();
        clock.advance(Duration.ofMillis(1));
        timer.runDue();
        assertThat(ticks).hasValue(1);
        assertThat(waiter.pendingAt()).isEqualTo(T0.plusSeconds(6));
    }

    @Test
    void aRequestMadeWhileATickRunsMakesItTickAgainAndKeepsTheNextWakeUp() {
        AtomicInteger ticks = new AtomicInteger();
        AtomicReference<Waiter> self = new AtomicReference<>();
        Waiter waiter = new Waiter(clock, timer, () -> {
            if (ticks.incrementAndGet() == 1) {
                // A job created during this tick (after its claim): its wake-up fires while the tick still runs.
                self.get().wakeNow();
                timer.runDue();
            }
            return clock.instant().plusSeconds(5);
        });
        self.set(waiter);
        waiter.wakeNow();
        timer.runDue();
        assertThat(ticks).hasValue(2);
        // The safety poll after the ticks is in place: the dispatcher is never left asleep with nothing pending.
        assertThat(waiter.pendingAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void noRequestIsLostUnderConcurrentWakeUps() throws Exception {
        // Real threads: each request bumps a counter, then asks for a tick; the last tick must see the last bump.
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger seenByLastTick = new AtomicInteger(-1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Timer immediate = new Timer() {
            @Override
            public Scheduled schedule(Runnable task, long delayMillis) {
                if (delayMillis == 0) {
                    pool.execute(task);
                }
                return () -> { };
            }

            @Override
            public Scheduled scheduleAtFixedRate(Runnable task, long periodMillis) {
                return () -> { };
            }

            @Override
            public void execute(Runnable task) {
                pool.execute(task);
            }
        };
        Waiter waiter = new Waiter(clock, immediate, () -> {
            seenByLastTick.set(requests.get());
            return T0.plusSeconds(60);
        });
        int n = 2000;
        CountDownLatch done = new CountDownLatch(n);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        for (int i = 0; i < n; i++) {
            callers.execute(() -> {
                requests.incrementAndGet();
                waiter.wakeNow();
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        callers.shutdown();
        assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(seenByLastTick).hasValue(n);
    }

    @Test
    void aFailingTickIsRetriedShortly() {
        assertRetriedShortlyAfterATickThrows(new IllegalStateException("database down"));
    }

    /** An Error in a tick (an allocation that ran out of heap) is retried too: nothing else would wake the dispatcher. */
    @Test
    void aTickThatThrowsAnErrorIsRetriedLikeAFailure() {
        assertRetriedShortlyAfterATickThrows(new OutOfMemoryError("a tick's allocation, on purpose"));
    }

    private void assertRetriedShortlyAfterATickThrows(Throwable failure) {
        AtomicInteger ticks = new AtomicInteger();
        Waiter waiter = new Waiter(clock, timer, () -> {
            if (ticks.incrementAndGet() == 1) {
                if (failure instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) failure;
            }
            return clock.instant().plusSeconds(5);
        });
        waiter.wakeNow();
        timer.runDue();
        assertThat(waiter.pendingAt()).isEqualTo(T0.plus(Waiter.RETRY_AFTER_ERROR));
        clock.advance(Waiter.RETRY_AFTER_ERROR);
        timer.runDue();
        assertThat(ticks).hasValue(2);
    }
}

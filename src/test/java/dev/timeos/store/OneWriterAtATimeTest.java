package dev.timeos.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Writers take turns, a failing writer gives its turn back, and a writer never waits longer than its patience. */
class OneWriterAtATimeTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        threads.shutdownNow();
    }

    /** A first writer that holds its turn until {@link #release} counts down; returns once it holds it. */
    private Future<String> firstWriterHolding(OneWriterAtATime writers) throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        Future<String> first = threads.submit(() -> writers.run(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "first";
        }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    @Test
    void aSecondWriterRunsOnlyAfterTheFirst() throws Exception {
        OneWriterAtATime writers = new OneWriterAtATime(Duration.ofMinutes(5));
        Future<String> first = firstWriterHolding(writers);
        AtomicBoolean secondRan = new AtomicBoolean();
        Future<String> second = threads.submit(() -> writers.run(() -> {
            secondRan.set(true);
            return "second";
        }));
        while (!writers.queued()) {
            Thread.onSpinWait();
        }
        assertThat(secondRan).as("queued behind the first").isFalse();
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(writers.taken()).isFalse();
    }

    @Test
    void aWriterThatFailsGivesItsTurnBack() throws Exception {
        OneWriterAtATime writers = new OneWriterAtATime(Duration.ofMinutes(5));
        assertThatThrownBy(() -> writers.run(() -> {
            throw new SQLException("refused", "23505");
        })).isInstanceOf(SQLException.class);
        assertThat(writers.taken()).isFalse();
        assertThat(threads.submit(() -> writers.run(() -> "next")).get(10, TimeUnit.SECONDS)).isEqualTo("next");
    }

    /** The turn is a speed-up only: a holder that never finishes (waiting on a lock of the writer behind it) stops no one. */
    @Test
    void aWriterRunsAnywayOnceItsPatienceIsUsed() throws Exception {
        OneWriterAtATime writers = new OneWriterAtATime(Duration.ofMillis(20));
        firstWriterHolding(writers);
        assertThat(threads.submit(() -> writers.run(() -> "anyway")).get(10, TimeUnit.SECONDS)).isEqualTo("anyway");
        assertThat(writers.taken()).as("still the first's").isTrue();
    }

    @Test
    void anInterruptedWriterStillRunsAndKeepsItsInterrupt() throws Exception {
        OneWriterAtATime writers = new OneWriterAtATime(Duration.ofMinutes(5));
        firstWriterHolding(writers);
        Future<Boolean> interrupted = threads.submit(() -> {
            Thread.currentThread().interrupt();
            String ran = writers.run(() -> "ran");
            return ran.equals("ran") && Thread.currentThread().isInterrupted();
        });
        assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
    }
}

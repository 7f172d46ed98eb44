package dev.timeos.job;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The due floor's rules, with a controlled time source: a read raises it only if no write lowered it while the read
 * ran, a write's lowering is in every later read's bound, and a read at least every refresh has no bound.
 */
class DueFloorTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final DueFloor floor = new DueFloor(nanos::get, Duration.ofSeconds(1));

    @Test
    void withoutAReadThereIsNoBound() {
        assertThat(floor.snapshot().bound()).isEqualTo(DueFloor.NONE);
    }

    @Test
    void aReadThatFoundTheSoonestRaisesTheFloorToItAndTheNextReadStartsThere() {
        floor.raise(floor.snapshot(), OptionalLong.of(5_000));

        assertThat(floor.snapshot().bound()).isEqualTo(5_000);
    }

    @Test
    void aReadThatFoundNothingRaisesTheFloorAboveEverythingUntilAWriteLowersIt() {
        floor.raise(floor.snapshot(), OptionalLong.empty());
        assertThat(floor.snapshot().bound()).isEqualTo(Long.MAX_VALUE);

        floor.lower(7_000);

        assertThat(floor.snapshot().bound()).isEqualTo(7_000);
    }

    @Test
    void aWriteThatLowersWhileAReadRunsKeepsTheReadFromRaisingTheFloorPastIt() {
        floor.raise(floor.snapshot(), OptionalLong.of(5_000));
        DueFloor.Snapshot read = floor.snapshot();
        // The read did not see this write's row (it came after the read passed): it found 9,000.
        floor.lower(3_000);
        floor.raise(read, OptionalLong.of(9_000));

        assertThat(floor.snapshot().bound()).isEqualTo(3_000);
    }

    @Test
    void aWriteThatLowersAboveTheFloorLeavesItWhereItWas() {
        floor.raise(floor.snapshot(), OptionalLong.of(5_000));
        floor.lower(8_000);

        assertThat(floor.snapshot().bound()).isEqualTo(5_000);
    }

    @Test
    void aWriteWhoseDueTimesAreUnknownRemovesTheBound() {
        floor.raise(floor.snapshot(), OptionalLong.of(5_000));
        DueFloor.Snapshot read = floor.snapshot();
        floor.forget();
        floor.raise(read, OptionalLong.of(9_000));

        assertThat(floor.snapshot().bound()).isEqualTo(DueFloor.NONE);
    }

    @Test
    void aReadAtLeastEveryRefreshStartsFromTheFrontAndItsRaiseRestartsTheWait() {
        floor.raise(floor.snapshot(), OptionalLong.of(5_000));
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(floor.snapshot().bound()).isEqualTo(5_000);

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        DueFloor.Snapshot full = floor.snapshot();
        assertThat(full.bound()).isEqualTo(DueFloor.NONE);
        // Until a full read raises, every read is a full one (the claim's reads do not raise).
        assertThat(floor.snapshot().bound()).isEqualTo(DueFloor.NONE);

        floor.raise(full, OptionalLong.of(4_000));
        assertThat(floor.snapshot().bound()).isEqualTo(4_000);
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(floor.snapshot().bound()).isEqualTo(4_000);
    }
}

package dev.timeos.dispatch;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartRateLimiterTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final StartRateLimiter limiter = new StartRateLimiter(clock);

    private boolean tryStart(String key, int limit) {
        if (limiter.nextFreeSlot(key, limit).isPresent()) {
            return false;
        }
        limiter.record(key, limit);
        return true;
    }

    @Test
    void allowsTheLimitAtOnceThenDefersToWhenTheOldestStartLeavesTheMinute() {
        for (int i = 0; i < 60; i++) {
            clock.advance(Duration.ofMillis(10));
            assertThat(tryStart("a", 60)).isTrue();
        }
        assertThat(limiter.nextFreeSlot("a", 60)).contains(T0.plusMillis(10).plusSeconds(60));
        clock.advance(Duration.ofSeconds(59));
        assertThat(tryStart("a", 60)).isFalse();
        clock.set(T0.plusMillis(10).plusSeconds(60));
        assertThat(tryStart("a", 60)).isTrue();
        assertThat(tryStart("a", 60)).isFalse();
    }

    @Test
    void aBurstOf200AtSixtyPerMinuteNeverPutsMoreThanSixtyStartsInAnyMinute() {
        // The dispatcher's way: every job is due at once; a refused job comes back when its slot is free.
        List<Instant> pending = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pending.add(T0);
        }
        List<Instant> starts = new ArrayList<>();
        while (!pending.isEmpty()) {
            Instant soonest = pending.stream().min(Instant::compareTo).orElseThrow();
            clock.set(soonest.isAfter(clock.instant()) ? soonest : clock.instant());
            List<Instant> next = new ArrayList<>();
            for (Instant due : pending) {
                if (due.isAfter(clock.instant())) {
                    next.add(due);
                    continue;
                }
                Optional<Instant> slot = limiter.nextFreeSlot("burst", 60);
                if (slot.isEmpty()) {
                    limiter.record("burst", 60);
                    starts.add(clock.instant());
                } else {
                    assertThat(slot.get()).isAfter(clock.instant());
                    next.add(slot.get());
                }
            }
            pending = next;
        }
        assertThat(starts).hasSize(200);
        for (Instant windowStart : starts) {
            long inWindow = starts.stream()
                    .filter(s -> !s.isBefore(windowStart) && s.isBefore(windowStart.plusSeconds(60))).count();
            assertThat(inWindow).as("starts in the minute from " + windowStart).isLessThanOrEqualTo(60);
        }
        // And no slower than the limit allows: 200 starts take just over three minutes, not more.
        assertThat(starts.get(199)).isEqualTo(T0.plusSeconds(180));
    }

    @Test
    void keysAreIndependent() {
        assertThat(tryStart("rule-1", 1)).isTrue();
        assertThat(tryStart("rule-1", 1)).isFalse();
        assertThat(tryStart("rule-2", 1)).isTrue();
    }

    @Test
    void aChangedLimitAppliesAtOnceKeepingTheNewestStarts() {
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertThat(tryStart("a", 5)).isTrue();
        }
        // Lowered to 2: the two newest starts (at +4 s, +5 s) fill it; the next slot is when +4 s leaves.
        assertThat(limiter.nextFreeSlot("a", 2)).contains(T0.plusSeconds(64));
        // Raised to 10: room again.
        assertThat(tryStart("a", 10)).isTrue();
    }

    @Test
    void recordingWithoutAFreeSlotIsAProgrammingError() {
        assertThat(tryStart("a", 1)).isTrue();
        assertThatThrownBy(() -> limiter.record("a", 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> limiter.nextFreeSlot("a", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A rule with a limit of two billion a minute once made a two-billion slot array in the tick: OutOfMemoryError. */
    @Test
    void aHugeLimitCostsWhatItsStartsCostNotWhatItAllows() {
        assertThat(tryStart("huge", Integer.MAX_VALUE)).isTrue();
        assertThat(limiter.slots("huge")).isEqualTo(StartRateLimiter.FIRST_SLOTS);
        for (int i = 0; i < 99; i++) {
            assertThat(tryStart("huge", Integer.MAX_VALUE)).isTrue();
        }
        assertThat(limiter.slots("huge")).isEqualTo(128);
    }

    /** The ring grows as starts fill it, and the limit still holds exactly across its growth. */
    @Test
    void aGrowingRingKeepsTheWindowExact() {
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(1));
            assertThat(tryStart("k", 100)).isTrue();
        }
        assertThat(limiter.slots("k")).isEqualTo(100);
        assertThat(tryStart("k", 100)).isFalse();
        assertThat(limiter.nextFreeSlot("k", 100)).contains(T0.plusMillis(1).plusSeconds(60));
        // A lower limit keeps the newest starts: the 40th-newest now blocks until it leaves the minute.
        assertThat(limiter.nextFreeSlot("k", 40)).contains(T0.plusMillis(61).plusSeconds(60));
        assertThat(limiter.slots("k")).isEqualTo(40);
    }
}

package dev.timeos.dispatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentCountTest {

    private static final long T0 = 1_000_000;

    @Test
    void countsTheCurrentAndThePreviousWindowThenForgets() {
        RecentCount recent = new RecentCount();
        assertThat(recent.get(T0)).isZero();
        recent.add(T0);
        recent.add(T0 + 1);
        assertThat(recent.get(T0 + 2)).isEqualTo(2);
        // Next window: the last one still counts.
        recent.add(T0 + RecentCount.WINDOW_MS);
        assertThat(recent.get(T0 + RecentCount.WINDOW_MS)).isEqualTo(3);
        // One more window: only the previous (1) and the current (0).
        assertThat(recent.get(T0 + 2 * RecentCount.WINDOW_MS)).isEqualTo(1);
        // A long pause: nothing is recent.
        assertThat(recent.get(T0 + 10 * RecentCount.WINDOW_MS)).isZero();
    }
}

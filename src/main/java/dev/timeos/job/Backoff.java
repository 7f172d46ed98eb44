package dev.timeos.job;

import java.time.Duration;

/**
 * Exponential backoff: the retry after attempt n waits {@code base * 2^(n-1)}, capped. Pure: the caller
 * adds the delay to its clock's now. Whether there is a retry at all is {@link RetryPolicy}'s decision.
 */
public final class Backoff {

    /** A retry never waits longer than this, whatever the base and the attempt. */
    public static final Duration MAX_DELAY = Duration.ofHours(6);

    private Backoff() {
    }

    /** @param failedAttempt the attempt that just failed, 1 for the first */
    public static Duration delayAfter(int failedAttempt, Duration base) {
        if (failedAttempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1");
        }
        if (base.isZero() || base.isNegative()) {
            return Duration.ZERO;
        }
        int shift = Math.min(failedAttempt - 1, 40);
        long baseMillis = base.toMillis();
        if (baseMillis > MAX_DELAY.toMillis() >> shift) {
            return MAX_DELAY;
        }
        return Duration.ofMillis(baseMillis << shift);
    }
}

package dev.timeos.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one place that decides what a failed attempt leads to: a retry after exponential backoff
 * ({@link Backoff}), or the dead-letter queue. A failure that retrying cannot fix (a permanent failure) is dead at
 * once; otherwise the job retries until it has used {@code maxAttempts} attempts.
 */
public final class RetryPolicy {

    private RetryPolicy() {
    }

    /**
     * @param failedAttempt the attempt that just failed, 1 for the first
     * @return when the job is due again, or empty when it is dead
     */
    public static Optional<Instant> retryAt(int failedAttempt, int maxAttempts, Duration backoff, boolean permanent,
                                            Instant failedAt) {
        if (permanent || failedAttempt >= maxAttempts) {
            return Optional.empty();
        }
        return Optional.of(failedAt.plus(Backoff.delayAfter(failedAttempt, backoff)));
    }
}

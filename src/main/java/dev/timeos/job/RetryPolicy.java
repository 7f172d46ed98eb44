package dev.timeos.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one place that decides what a failed attempt leads to: a retry after exponential backoff
 * ({@link Backoff}), or the dead-letter queue. A failure that retrying cannot fix (a permanent failure) is dead at
 * once; otherwise the job retries until it has used {@code maxAttempts} attempts. A failure may also say when a retry
 * is worth trying at the earliest (an HTTP {@code Retry-After}): the retry then waits for the later of that instant
 * and the backoff, but never longer than {@link Backoff#MAX_DELAY} from the failure, so a far-off hint cannot park a
 * job for days.
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
        return retryAt(failedAttempt, maxAttempts, backoff, permanent, null, failedAt);
    }

    /**
     * @param notBefore the earliest retry the failure asked for, or null
     * @return when the job is due again, or empty when it is dead
     */
    public static Optional<Instant> retryAt(int failedAttempt, int maxAttempts, Duration backoff, boolean permanent,
                                            Instant notBefore, Instant failedAt) {
        if (permanent || failedAttempt >= maxAttempts) {
            return Optional.empty();
        }
        Instant afterBackoff = failedAt.plus(Backoff.delayAfter(failedAttempt, backoff));
        if (notBefore == null || !notBefore.isAfter(afterBackoff)) {
            return Optional.of(afterBackoff);
        }
        Instant latest = failedAt.plus(Backoff.MAX_DELAY);
        return Optional.of(notBefore.isAfter(latest) ? latest : notBefore);
    }
}

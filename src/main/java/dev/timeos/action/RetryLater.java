package dev.timeos.action;

import java.time.Instant;

/**
 * A failure worth retrying, but not before {@link #notBefore()} (an HTTP {@code Retry-After}). The performer only
 * reports the hint: whether the job retries at all, and when, stays the engine's decision
 * ({@link dev.timeos.job.RetryPolicy}): never sooner than the job's backoff, and not at all once its attempts are used.
 */
public class RetryLater extends Exception {

    private static final long serialVersionUID = 1L;

    private final Instant notBefore;

    public RetryLater(String message, Instant notBefore) {
        super(message);
        this.notBefore = notBefore;
    }

    public Instant notBefore() {
        return notBefore;
    }
}

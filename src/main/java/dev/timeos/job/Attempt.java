package dev.timeos.job;

import dev.timeos.job.Execution.Outcome;

import java.time.Duration;
import java.time.Instant;

/**
 * One attempt of a job, claimed by a node: everything a worker needs, read by the claiming statement, and the
 * transitions that can end it. Each transition answers what the row becomes ({@link AttemptEnd}); the
 * {@link JobRepository} writes it fenced by the claim's {@link #lease()}.
 *
 * @param attempt   1 for the first attempt
 * @param version   the row's version written by the claim: the fencing token
 * @param startedAt when a worker really began, null while the attempt waits in memory (claimed ahead)
 */
public record Attempt(String id, String ruleId, String eventId, String action, String target, String args,
                      Instant performAt, int priority, int attempt, int maxAttempts, Duration backoff, Duration timeout,
                      Instant occurrenceAt, String node, long version, Instant startedAt) {

    public Lease lease() {
        return new Lease(id, version);
    }

    /** The same attempt, begun by a worker at {@code at}. */
    public Attempt startedAt(Instant at) {
        return new Attempt(id, ruleId, eventId, action, target, args, performAt, priority, attempt, maxAttempts, backoff,
                timeout, occurrenceAt, node, version, at);
    }

    public AttemptEnd succeeded(Instant at) {
        return new AttemptEnd(this, Outcome.SUCCEEDED, null, JobStatus.SUCCEEDED, performAt, false, at);
    }

    /** The performer failed: a retry after backoff, or dead ({@link RetryPolicy}). */
    public AttemptEnd failed(String error, boolean permanent, Instant at) {
        return unsuccessful(Outcome.FAILED, error, permanent, null, at);
    }

    /**
     * The performer failed and said a retry is pointless before {@code notBefore} (an HTTP {@code Retry-After}):
     * still {@link RetryPolicy}'s decision whether there is a retry, and when.
     */
    public AttemptEnd failedRetryNotBefore(String error, Instant notBefore, Instant at) {
        return unsuccessful(Outcome.FAILED, error, false, notBefore, at);
    }

    /** Ran past the job's timeout and was interrupted: counts as a failure. */
    public AttemptEnd timedOut(Instant at) {
        return unsuccessful(Outcome.TIMEOUT, "timeout: ran longer than " + timeout, false, null, at);
    }

    private AttemptEnd unsuccessful(Outcome outcome, String error, boolean permanent, Instant notBefore, Instant at) {
        return RetryPolicy.retryAt(attempt, maxAttempts, backoff, permanent, notBefore, at)
                .map(retry -> new AttemptEnd(this, outcome, error, JobStatus.FAILED, retry, false, at))
                .orElseGet(() -> new AttemptEnd(this, outcome, error, JobStatus.DEAD, performAt, false, at));
    }

    /** Stopped because the job was cancelled: whoever cancelled it set its state; only the attempt is recorded. */
    public AttemptEnd cancelled(Instant at) {
        return new AttemptEnd(this, Outcome.CANCELLED, "cancelled while running", null, performAt, false, at);
    }

    /** Not run: the overlap policy said no. The job ends CANCELLED, saying why. */
    public AttemptEnd skipped(String why, Instant at) {
        return new AttemptEnd(this, Outcome.SKIPPED, why, JobStatus.CANCELLED, performAt, false, at);
    }

    /** Handed back unfinished at shutdown: due again as it was, the unfinished attempt not counted. */
    public AttemptEnd released(Instant at) {
        return new AttemptEnd(this, Outcome.RELEASED, "handed back at shutdown", JobStatus.SCHEDULED, performAt, true, at);
    }

    /**
     * Handed back before it started (a rate or concurrency limit, claimed ahead at shutdown, a claim this node
     * cannot hold): due at {@code dueAgain}, its attempt not counted, no execution row (nothing ran).
     */
    public AttemptEnd notStarted(Instant dueAgain, Instant at) {
        return new AttemptEnd(this, null, null, JobStatus.SCHEDULED, dueAgain, true, at);
    }
}

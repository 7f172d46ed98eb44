package dev.timeos.dispatch;

import dev.timeos.job.Execution.Outcome;

import java.time.Instant;

/**
 * How one attempt ended, waiting to be written with others in one transaction.
 *
 * @param permanent a failure that retrying cannot fix: dead at once
 */
public record Completion(ClaimedJob job, Outcome outcome, String error, boolean permanent, Instant finishedAt) {

    public static Completion succeeded(ClaimedJob job, Instant at) {
        return new Completion(job, Outcome.SUCCEEDED, null, false, at);
    }
}

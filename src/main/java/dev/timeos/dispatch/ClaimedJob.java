package dev.timeos.dispatch;

import java.time.Duration;
import java.time.Instant;

/** A job this node has claimed and leased: everything a worker needs, read in the claiming statement. */
public record ClaimedJob(String id, String ruleId, String eventId, String action, String target, String args,
                         Instant performAt, int priority, int attempt, int maxAttempts, Duration backoff,
                         Duration timeout, Instant startedAt) {

    /** The same job, started at {@code at}: a worker records when it really began, not when the job was claimed. */
    public ClaimedJob withStartedAt(Instant at) {
        return new ClaimedJob(id, ruleId, eventId, action, target, args, performAt, priority, attempt, maxAttempts,
                backoff, timeout, at);
    }
}

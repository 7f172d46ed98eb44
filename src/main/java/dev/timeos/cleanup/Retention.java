package dev.timeos.cleanup;

import java.time.Duration;
import java.time.Instant;

/**
 * How long each kind of ended record is kept. "Failed" jobs are the ones that ended without succeeding and are not
 * dead letters: {@code CANCELLED} (by a client, a deleted rule, a dead dependency or an overlap skip). {@code FAILED}
 * jobs are waiting for their retry and {@code DEAD} ones for an operator: retention never removes either.
 */
public record Retention(Duration events, Duration successfulJobs, Duration failedJobs) {

    /** The cutoffs: what was stored or finished before each one is old. */
    public record Cutoffs(Instant events, Instant successfulJobs, Instant failedJobs) {
    }

    public Cutoffs cutoffs(Instant now) {
        return new Cutoffs(now.minus(events), now.minus(successfulJobs), now.minus(failedJobs));
    }
}

package dev.timeos.cleanup;

import java.time.Duration;
import java.time.Instant;

/**
 * How long each kind of ended record is kept. "Failed" jobs are the ones that ended without succeeding and are not
 * dead letters: {@code CANCELLED} (by a client, a deleted rule, a dead dependency or an overlap skip). {@code FAILED}
 * jobs are waiting for their retry and {@code DEAD} ones for an operator: retention never removes either.
 */
public record Retention(Duration events, Duration successfulJobs, Duration failedJobs) {

    /**
     * Every way in (REST, configuration, the Java API's {@code TimeOS.cleanup}) meets this: a negative retention would put
     * the cutoff in the future and remove every succeeded and cancelled job at once. A very long one is "keep
     * everything" ({@link #cutoffs} stops at the epoch, before any stored instant).
     */
    public Retention {
        require("events", events);
        require("successfulJobs", successfulJobs);
        require("failedJobs", failedJobs);
    }

    /** @return {@code d}, when it is zero or more; else IllegalArgumentException naming {@code what} */
    public static Duration require(String what, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(what + " is " + d + "; a retention is zero or more");
        }
        return d;
    }

    /** The cutoffs: what was stored or finished before each one is old. */
    public record Cutoffs(Instant events, Instant successfulJobs, Instant failedJobs) {
    }

    public Cutoffs cutoffs(Instant now) {
        return new Cutoffs(cutoff(now, events), cutoff(now, successfulJobs), cutoff(now, failedJobs));
    }

    /** {@code now - keep}, or the epoch when that is earlier: instants are stored from it, and a Duration can overflow an Instant. */
    private static Instant cutoff(Instant now, Duration keep) {
        Duration sinceEpoch = Duration.between(Instant.EPOCH, now);
        return keep.compareTo(sinceEpoch) >= 0 ? Instant.EPOCH : now.minus(keep);
    }
}

package dev.timeos.cleanup;

import java.time.Duration;
import java.time.Instant;

/**
 * How long each kind of ended record is kept. "Failed" jobs are the ones that ended without succeeding and are not
 * dead letters: {@code CANCELLED} (by a client, a deleted rule, a dead dependency or an overlap skip). {@code FAILED}
 * jobs are waiting for their retry and {@code DEAD} ones for an operator: retention never removes either.
 */
public record Retention(Duration events, Duration successfulJobs, Duration failedJobs) {

    /** A hundred years: longer is surely a typo (and an instant that far back is still one an Instant holds). */
    public static final Duration LONGEST = Duration.ofDays(36_500);

    /**
     * Every way in (REST, configuration, the Java API's {@code TimeOS.cleanup}) meets this: a negative retention would put
     * the cutoff in the future and remove every succeeded and cancelled job at once.
     */
    public Retention {
        require("events", events);
        require("successfulJobs", successfulJobs);
        require("failedJobs", failedJobs);
    }

    /** @return {@code d}, when it is from zero to {@link #LONGEST}; else IllegalArgumentException naming {@code what} */
    public static Duration require(String what, Duration d) {
        if (d == null || d.isNegative() || d.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(what + " is " + d + "; a retention is from 0 to " + LONGEST.toDays() + " days");
        }
        return d;
    }

    /** The cutoffs: what was stored or finished before each one is old. */
    public record Cutoffs(Instant events, Instant successfulJobs, Instant failedJobs) {
    }

    public Cutoffs cutoffs(Instant now) {
        return new Cutoffs(now.minus(events), now.minus(successfulJobs), now.minus(failedJobs));
    }
}

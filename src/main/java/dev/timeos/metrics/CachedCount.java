package dev.timeos.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * A count that is expensive to take (a COUNT over the job table), taken at most once per {@code maxAge}: however
 * often and by however many scrapers {@code /metrics} is read, the database sees one count per interval. A scrape
 * in between gets the last value, at most {@code maxAge} old.
 */
final class CachedCount {

    private final Clock clock;
    private final Duration maxAge;
    private final LongSupplier count;
    private Instant takenAt;
    private long value;

    CachedCount(Clock clock, Duration maxAge, LongSupplier count) {
        this.clock = clock;
        this.maxAge = maxAge;
        this.count = count;
    }

    /** Synchronized: scrapes arriving together wait for the one count instead of each taking its own. */
    synchronized long get() {
        Instant now = clock.instant();
        if (takenAt == null || !now.isBefore(takenAt.plus(maxAge))) {
            value = count.getAsLong();
            takenAt = now;
        }
        return value;
    }
}

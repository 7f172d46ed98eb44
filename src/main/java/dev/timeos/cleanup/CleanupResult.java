package dev.timeos.cleanup;

import java.time.Duration;
import java.time.Instant;

/** What one cleanup pass removed, when, and in how many batches (transactions). */
public record CleanupResult(Instant at, Retention retention, long events, long successfulJobs, long failedJobs,
                            int batches, Duration took) {

    public long total() {
        return events + successfulJobs + failedJobs;
    }
}

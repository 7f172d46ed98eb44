package dev.timeos.cleanup;

/** What a cleanup with the given retention would remove now ({@code GET /api/cleanup/stats}). */
public record CleanupStats(long oldEvents, long oldSuccessfulJobs, long oldFailedJobs) {

    public long totalCleanable() {
        return oldEvents + oldSuccessfulJobs + oldFailedJobs;
    }
}

package dev.timeos.job;

/** Filters of a job list; null means "any". */
public record JobQuery(JobStatus status, String ruleId, String eventId, String action, int limit, int offset) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public static JobQuery all() {
        return new JobQuery(null, null, null, null, DEFAULT_LIMIT, 0);
    }

    public JobQuery withStatus(JobStatus s) {
        return new JobQuery(s, ruleId, eventId, action, limit, offset);
    }

    public JobQuery page(int newLimit, int newOffset) {
        return new JobQuery(status, ruleId, eventId, action, newLimit, newOffset);
    }
}

package dev.timeos.job;

/** Filters of a job list (null means "any") and the page asked for, whose bounds {@link Page#checkWindow} checks. */
public record JobQuery(JobStatus status, String ruleId, String eventId, String action, int limit, int offset) {

    /** Every job, the first page of the default size ({@link Page#defaultLimit}). */
    public static JobQuery all() {
        return new JobQuery(null, null, null, null, Page.defaultLimit(), 0);
    }

    public JobQuery withStatus(JobStatus s) {
        return new JobQuery(s, ruleId, eventId, action, limit, offset);
    }

    public JobQuery page(int newLimit, int newOffset) {
        return new JobQuery(status, ruleId, eventId, action, newLimit, newOffset);
    }
}

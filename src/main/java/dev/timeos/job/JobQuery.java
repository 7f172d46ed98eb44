package dev.timeos.job;

/** Filters of a job list (null means "any") and the page asked for, whose bounds {@link Page#checkWindow} checks. */
public record JobQuery(JobStatus status, String ruleId, String eventId, String action, int limit, int offset) {

    /** @deprecated the bounds of a page are {@link Page}'s: {@link Page#DEFAULT_LIMIT}, {@link Page#defaultLimit()} */
    @Deprecated
    public static final int DEFAULT_LIMIT = Page.DEFAULT_LIMIT;
    /**
     * @deprecated this was never the bound: the largest limit is configured ({@code timeos.limits.list-limit}, 1000 by
     * default), read it from {@link Page#maxLimit()}
     */
    @Deprecated
    public static final int MAX_LIMIT = 1000;

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

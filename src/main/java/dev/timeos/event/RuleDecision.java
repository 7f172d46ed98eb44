package dev.timeos.event;

import java.time.Instant;

/**
 * Why one rule of an event's type did or did not make a job: {@code matched} with the job's id, or the job
 * refused (matched, no job, the refusal as the reason), or not matched (disabled, condition false with the
 * condition). Kept with the event, so that a refused job is an answer, never only a log line.
 * <p>
 * A rate limit acts later, when the job is due (the dispatcher defers it, {@code RateLimited}); the first deferral is
 * then kept with the decision, and the reason says so first: the job the rule made did not run when it was due.
 *
 * @param jobId       the job it made, or null
 * @param rateLimited the first time a rate limit deferred that job, or null
 */
public record RuleDecision(String ruleId, boolean matched, String reason, String jobId, RateLimit rateLimited) {

    /** The reason column's width. */
    static final int MAX_REASON = 2000;

    /** The prefix of a rate-limited decision's reason. */
    public static final String RATE_LIMITED = "rate_limited";

    /**
     * A rate limit deferred the decision's job.
     *
     * @param limitedBy      {@code rule} (the rule's {@code rateLimitPerMinute}) or {@code action} (the action's)
     * @param limitPerMinute that limit
     * @param deferredTo     when the job was due again after its first deferral
     */
    public record RateLimit(String limitedBy, int limitPerMinute, Instant deferredTo) {

        /** {@code rate_limited: the rule's limit of 2 per minute deferred the job to 2026-...Z}. */
        public String describe() {
            return RATE_LIMITED + ": the " + limitedBy + "'s limit of " + limitPerMinute + " per minute deferred the job to "
                    + deferredTo;
        }
    }

    public RuleDecision {
        if (reason != null && reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON - 1) + "…";
        }
    }

    /** A decision as the evaluation made it, before any job of it was due. */
    public RuleDecision(String ruleId, boolean matched, String reason, String jobId) {
        this(ruleId, matched, reason, jobId, null);
    }

    /**
     * The decision as stored: when a rate limit deferred its job, the reason leads with that and keeps why the rule
     * matched after it ({@code rate_limited: ...; condition true: payload.amount > 1000}).
     */
    static RuleDecision stored(String ruleId, boolean matched, String reason, String jobId, RateLimit rateLimited) {
        return new RuleDecision(ruleId, matched, rateLimited == null ? reason : rateLimited.describe() + "; " + reason, jobId,
                rateLimited);
    }
}

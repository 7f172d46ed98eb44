package dev.timeos.event;

/**
 * Why one rule of an event's type did or did not make a job: {@code matched} with the job's id, or the job
 * refused (matched, no job, the refusal as the reason), or not matched (disabled, condition false with the
 * condition). Kept with the event, so that a refused job is an answer, never only a log line.
 *
 * @param jobId the job it made, or null
 */
public record RuleDecision(String ruleId, boolean matched, String reason, String jobId) {

    /** The reason column's width. */
    static final int MAX_REASON = 2000;

    public RuleDecision {
        if (reason != null && reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON - 1) + "…";
        }
    }
}

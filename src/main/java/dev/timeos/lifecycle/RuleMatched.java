package dev.timeos.lifecycle;

/** An event matched a rule (its type, and its {@code when} condition if any), which created a job. */
public record RuleMatched(String ruleId, String eventId, String eventType, String jobId) {
}

package dev.timeos.lifecycle;

/** A job failed for the last time (or permanently) and is in the dead-letter queue. */
public record JobDead(String jobId, String action, String ruleId, int attempts, String error) {
}

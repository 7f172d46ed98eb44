package dev.timeos.lifecycle;

import java.time.Instant;

/** An attempt failed (or timed out) and will be retried at {@code retryAt}. */
public record JobFailed(String jobId, String action, String ruleId, int attempt, String error, Instant retryAt) {
}

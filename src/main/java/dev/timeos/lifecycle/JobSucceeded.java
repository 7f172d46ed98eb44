package dev.timeos.lifecycle;

import java.time.Duration;

/** An attempt of a job succeeded; the job is done. */
public record JobSucceeded(String jobId, String action, String ruleId, int attempt, Duration took) {
}

package dev.timeos.job;

import jakarta.json.JsonObject;

import java.time.Duration;
import java.time.Instant;

/** A job as clients see it: one planned execution of an action. */
public record Job(String id, String ruleId, String eventId, String action, String target, JsonObject args,
                  Instant performAt, int priority, JobStatus status, int attempt, int maxAttempts, Duration backoff,
                  Duration timeout, String lastError, String dependsOn, Instant createdAt, Instant startedAt,
                  Instant finishedAt) {
}

package dev.timeos.job;

import jakarta.json.JsonObject;

import java.time.Duration;
import java.time.Instant;

/**
 * What a caller asks for when creating a job; null fields take the defaults ({@link JobDefaults}).
 * {@code JobRequest.of("send_report").at(instant).priority(5)}.
 */
public record JobRequest(String action, String target, Instant time, JsonObject payload, Integer priority,
                         Integer maxAttempts, Duration backoff, Duration timeout, String dependsOn, String ruleId,
                         String eventId) {

    public static JobRequest of(String action) {
        return new JobRequest(action, null, null, null, null, null, null, null, null, null, null);
    }

    public JobRequest at(Instant t) {
        return new JobRequest(action, target, t, payload, priority, maxAttempts, backoff, timeout, dependsOn, ruleId, eventId);
    }

    public JobRequest target(String t) {
        return new JobRequest(action, t, time, payload, priority, maxAttempts, backoff, timeout, dependsOn, ruleId, eventId);
    }

    public JobRequest payload(JsonObject p) {
        return new JobRequest(action, target, time, p, priority, maxAttempts, backoff, timeout, dependsOn, ruleId, eventId);
    }

    public JobRequest priority(int p) {
        return new JobRequest(action, target, time, payload, p, maxAttempts, backoff, timeout, dependsOn, ruleId, eventId);
    }

    public JobRequest maxAttempts(int n) {
        return new JobRequest(action, target, time, payload, priority, n, backoff, timeout, dependsOn, ruleId, eventId);
    }

    public JobRequest backoff(Duration d) {
        return new JobRequest(action, target, time, payload, priority, maxAttempts, d, timeout, dependsOn, ruleId, eventId);
    }

    public JobRequest timeout(Duration d) {
        return new JobRequest(action, target, time, payload, priority, maxAttempts, backoff, d, dependsOn, ruleId, eventId);
    }

    public JobRequest dependsOn(String jobId) {
        return new JobRequest(action, target, time, payload, priority, maxAttempts, backoff, timeout, jobId, ruleId, eventId);
    }

    public JobRequest origin(String rule, String event) {
        return new JobRequest(action, target, time, payload, priority, maxAttempts, backoff, timeout, dependsOn, rule, event);
    }
}

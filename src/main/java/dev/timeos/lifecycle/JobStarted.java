package dev.timeos.lifecycle;

import java.time.Instant;

/** An attempt of a job started on {@code node}. */
public record JobStarted(String jobId, String action, String ruleId, int attempt, String node, Instant dueAt,
                         Instant startedAt) {
}

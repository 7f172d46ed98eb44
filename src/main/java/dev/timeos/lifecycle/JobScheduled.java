package dev.timeos.lifecycle;

import java.time.Instant;

/** A job was created (directly, or by a rule) and is due at {@code performAt}. */
public record JobScheduled(String jobId, String action, String ruleId, String eventId, Instant performAt) {
}

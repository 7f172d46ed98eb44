package dev.timeos.event;

import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.List;

/** An event as TimeOS keeps it, with the jobs it caused (when asked for). */
public record StoredEvent(String id, String type, JsonObject payload, String idempotencyKey, Instant occurredAt,
                          Instant createdAt, Instant processedAt, List<String> jobIds) {
}

package dev.timeos.job;

import java.time.Instant;

/**
 * Fired (after commit) when jobs become due at or after {@code earliest}: the dispatcher wakes early if
 * that is sooner than its next wake-up.
 */
public record JobsScheduled(Instant earliest) {
}

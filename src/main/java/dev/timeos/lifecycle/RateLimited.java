package dev.timeos.lifecycle;

import java.time.Instant;

/**
 * A due job was held back by a rate limit (of its rule, or of its action) and deferred to when a token is
 * free. It was neither dropped nor counted as a failed attempt.
 */
public record RateLimited(String jobId, String action, String ruleId, String limitedBy, Instant deferredTo) {
}

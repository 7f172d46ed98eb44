package dev.timeos.lifecycle;

import java.time.Instant;

/**
 * A due job was held back by a rate limit (of its rule, or of its action) and deferred to when a token is
 * free. It was neither dropped nor counted as a failed attempt.
 *
 * @param limitedBy      {@code rule} or {@code action}: whose limit held it back
 * @param limitPerMinute that limit, in starts per minute (a sliding window of one minute)
 */
public record RateLimited(String jobId, String action, String ruleId, String limitedBy, int limitPerMinute,
                          Instant deferredTo) {
}

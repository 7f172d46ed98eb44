package dev.timeos.rule;

import dev.timeos.dispatch.RuleLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each rule's {@code rateLimitPerMinute}, for the dispatcher. Cached for a second: the dispatcher asks
 * for every job it claims, and a changed limit may take a second to apply.
 */
@ApplicationScoped
public class RuleRateLimits implements RuleLimits {

    private static final Duration TTL = Duration.ofSeconds(1);

    @Inject
    RuleService rules;

    @Inject
    Clock clock;

    private record Cached(OptionalInt limit, Instant until) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Override
    public OptionalInt rateLimitPerMinute(String ruleId) {
        if (ruleId == null) {
            return OptionalInt.empty();
        }
        Instant now = clock.instant();
        Cached c = cache.get(ruleId);
        if (c == null || now.isAfter(c.until())) {
            c = new Cached(rules.rateLimitPerMinute(ruleId), now.plus(TTL));
            cache.put(ruleId, c);
        }
        return c.limit();
    }
}

package dev.timeos.rule;

import dev.timeos.schedule.TimeOSClock;
import dev.timeos.dispatch.OverlapPolicy;
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
 * Each rule's {@code rateLimitPerMinute} and overlap policy, for the dispatcher. Cached for a second: the
 * dispatcher asks for every job it runs, and a changed rule may take a second to apply.
 */
@ApplicationScoped
public class RuleDispatchSettings implements RuleLimits {

    private static final Duration TTL = Duration.ofSeconds(1);
    private static final RuleService.DispatchSettings NONE = new RuleService.DispatchSettings(OptionalInt.empty(), OverlapPolicy.DEFAULT);

    @Inject
    RuleService rules;

    @Inject
    @TimeOSClock
    Clock clock;

    private record Cached(RuleService.DispatchSettings settings, Instant until) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Override
    public OptionalInt rateLimitPerMinute(String ruleId) {
        return settings(ruleId).rateLimitPerMinute();
    }

    @Override
    public OverlapPolicy overlap(String ruleId) {
        return settings(ruleId).overlap();
    }

    private RuleService.DispatchSettings settings(String ruleId) {
        if (ruleId == null) {
            return NONE;
        }
        Instant now = clock.instant();
        Cached c = cache.get(ruleId);
        if (c == null || now.isAfter(c.until())) {
            RuleService.DispatchSettings s = rules.dispatchSettings(ruleId);
            c = new Cached(s == null ? NONE : s, now.plus(TTL));
            cache.put(ruleId, c);
        }
        return c.settings();
    }
}

package dev.timeos.rule;

import dev.timeos.dispatch.OverlapPolicy;
import dev.timeos.rule.condition.Condition;
import dev.timeos.schedule.MisfirePolicy;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * A rule: a trigger, an action with its arguments, and options. One model whatever its source: a
 * {@code RuleSet} bean ({@link Source#CODE}), the REST API, or the rules file.
 *
 * @param when      a condition over the event payload in the sandboxed expression language, or null
 * @param codeWhen  a Java predicate from a {@code RuleSet} (code rules only; kept in memory), or null
 */
public record Rule(String id, String name, Trigger trigger, String action, JsonObject args, Condition when,
                   Predicate<JsonObject> codeWhen, int priority, Integer rateLimitPerMinute, int maxAttempts,
                   Duration backoff, Duration timeout, OverlapPolicy overlap, MisfirePolicy misfire, boolean enabled,
                   Source source) {

    public enum Source {
        API, CODE, FILE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Does an event with this payload satisfy the rule's conditions? */
    public boolean accepts(JsonObject payload) {
        return (when == null || when.test(payload)) && (codeWhen == null || codeWhen.test(payload));
    }

    public Rule withId(String newId) {
        return new Rule(newId, name, trigger, action, args, when, codeWhen, priority, rateLimitPerMinute, maxAttempts,
                backoff, timeout, overlap, misfire, enabled, source);
    }

    public Rule withSource(Source s) {
        return new Rule(id, name, trigger, action, args, when, codeWhen, priority, rateLimitPerMinute, maxAttempts,
                backoff, timeout, overlap, misfire, enabled, s);
    }

    public Rule withEnabled(boolean e) {
        return new Rule(id, name, trigger, action, args, when, codeWhen, priority, rateLimitPerMinute, maxAttempts,
                backoff, timeout, overlap, misfire, e, source);
    }
}

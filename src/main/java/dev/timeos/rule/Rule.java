package dev.timeos.rule;

import dev.timeos.dispatch.OverlapPolicy;
import dev.timeos.rule.condition.Condition;
import dev.timeos.rule.condition.ConditionContext;
import dev.timeos.schedule.MisfirePolicy;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A rule: a trigger, an action with its arguments, and options. One model whatever its source: a
 * {@code RuleSet} bean ({@link Source#CODE}), the REST API, or the rules file.
 *
 * @param when      a condition over the event in the sandboxed expression language, or null
 * @param codeWhen  a Java predicate from a {@code RuleSet} (code rules only; kept in memory), or null
 * @param status    {@link Status#ORPHANED} when no running node defines this code or file rule any more
 */
public record Rule(String id, String name, Trigger trigger, String action, JsonObject args, Condition when,
                   Predicate<JsonObject> codeWhen, int priority, Integer rateLimitPerMinute, int maxAttempts,
                   Duration backoff, Duration timeout, OverlapPolicy overlap, MisfirePolicy misfire, boolean enabled,
                   Source source, Status status) {

    /**
     * A new rule runs unless it says otherwise. This and the defaults it names ({@code JobDefaults} for priority,
     * attempts and backoff; {@code OverlapPolicy.DEFAULT}, {@code MisfirePolicy.DEFAULT}) are the only defaults of a
     * rule: REST's and the rules file's reader ({@code RuleJson}) and the code builder ({@code Rules}) both use them.
     */
    public static final boolean ENABLED_BY_DEFAULT = true;

    public enum Source {
        API, CODE, FILE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Whether the rule's source still defines it. A code or file rule that no running node defines is kept,
     * jobs and all, as {@code ORPHANED} until an operator deletes it: a node never deletes what another node's
     * deployment (another version of the application) may still define.
     */
    public enum Status {
        ACTIVE, ORPHANED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A rule as its source defines it: active. */
    public Rule(String id, String name, Trigger trigger, String action, JsonObject args, Condition when,
                Predicate<JsonObject> codeWhen, int priority, Integer rateLimitPerMinute, int maxAttempts,
                Duration backoff, Duration timeout, OverlapPolicy overlap, MisfirePolicy misfire, boolean enabled,
                Source source) {
        this(id, name, trigger, action, args, when, codeWhen, priority, rateLimitPerMinute, maxAttempts, backoff, timeout,
                overlap, misfire, enabled, source, Status.ACTIVE);
    }

    /** Does an event with this payload satisfy the rule's conditions? ({@code event.*} is null here.) */
    public boolean accepts(JsonObject payload) {
        return accepts(ConditionContext.of(payload));
    }

    /** Does this event satisfy the rule's conditions? The Java predicate of a code rule sees the payload. */
    public boolean accepts(ConditionContext event) {
        return (when == null || when.test(event)) && (codeWhen == null || codeWhen.test(event.payload()));
    }

    public Rule withId(String newId) {
        return new Rule(newId, name, trigger, action, args, when, codeWhen, priority, rateLimitPerMinute, maxAttempts,
                backoff, timeout, overlap, misfire, enabled, source, status);
    }

    public Rule withSource(Source s) {
        return new Rule(id, name, trigger, action, args, when, codeWhen, priority, rateLimitPerMinute, maxAttempts,
                backoff, timeout, overlap, misfire, enabled, s, status);
    }

    public Rule withEnabled(boolean e) {
        return new Rule(id, name, trigger, action, args, when, codeWhen, priority, rateLimitPerMinute, maxAttempts,
                backoff, timeout, overlap, misfire, e, source, status);
    }

    public Rule withStatus(Status s) {
        return new Rule(id, name, trigger, action, args, when, codeWhen, priority, rateLimitPerMinute, maxAttempts,
                backoff, timeout, overlap, misfire, enabled, source, s);
    }
}

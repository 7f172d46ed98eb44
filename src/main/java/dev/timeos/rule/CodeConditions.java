package dev.timeos.rule;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The Java {@code when} predicates of code rules, by rule id. A predicate cannot be stored; every node
 * has the same RuleSet beans, so every node holds the same predicates.
 */
@ApplicationScoped
public class CodeConditions {

    private final Map<String, Predicate<JsonObject>> byRule = new ConcurrentHashMap<>();

    void put(String ruleId, Predicate<JsonObject> p) {
        if (p == null) {
            byRule.remove(ruleId);
        } else {
            byRule.put(ruleId, p);
        }
    }

    /**
     * The rule's predicate. When this node has none (its RuleSets did not load), the rule matches nothing
     * here: a condition that cannot be evaluated must not turn into "always".
     */
    Predicate<JsonObject> get(String ruleId) {
        return byRule.getOrDefault(ruleId, NOT_LOADED);
    }

    static final Predicate<JsonObject> NOT_LOADED = payload -> false;
}

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

    Predicate<JsonObject> get(String ruleId) {
        return byRule.get(ruleId);
    }
}

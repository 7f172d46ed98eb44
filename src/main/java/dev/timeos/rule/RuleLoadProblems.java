package dev.timeos.rule;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The problems of this node's latest load of code and file rules, for the {@code rule_registry} health check:
 * degraded while any definition failed (its last good rules are kept, so the failure is easy to miss otherwise),
 * naming each failing rule or RuleSet and why.
 */
@ApplicationScoped
public class RuleLoadProblems {

    /**
     * @param at       when the load ran
     * @param problems by rule name, RuleSet class or rules file: what kept it from being (re)defined
     */
    public record Load(Instant at, Map<String, String> problems) {

        public boolean healthy() {
            return problems.isEmpty();
        }
    }

    private volatile Load latest;

    void loaded(Instant at, Map<String, String> problems) {
        latest = new Load(at, Map.copyOf(problems));
    }

    /** The latest load; empty before the first one has run (or while it has not succeeded once). */
    public Optional<Load> latest() {
        return Optional.ofNullable(latest);
    }

    /** The current problems (empty when none, or before the first load). */
    public Map<String, String> current() {
        Load l = latest;
        return l == null ? Map.of() : l.problems();
    }
}

package dev.timeos.it;

import dev.timeos.rule.RuleSet;
import dev.timeos.rule.Rules;
import jakarta.enterprise.context.ApplicationScoped;

import static dev.timeos.rule.Rules.hours;

/**
 * Two versions of an application's RuleSet, for {@link RuleSetVersionsIT}: each node's WAR holds one of them. Both
 * define {@code versions-common}; each defines one rule the other does not.
 */
public final class RuleVersions {

    private RuleVersions() {
    }

    @ApplicationScoped
    public static class V1 implements RuleSet {
        @Override
        public void define(Rules rules) {
            rules.onEvent("versions_common").after(hours(1)).named("versions-common").perform("noop");
            rules.onEvent("versions_v1").after(hours(1)).named("versions-only-v1").perform("noop");
        }
    }

    @ApplicationScoped
    public static class V2 implements RuleSet {
        @Override
        public void define(Rules rules) {
            rules.onEvent("versions_common").after(hours(1)).named("versions-common").perform("noop");
            rules.onEvent("versions_v2").after(hours(1)).named("versions-only-v2").perform("noop");
        }
    }
}

package dev.timeos.it;

import dev.timeos.rule.RuleSet;
import dev.timeos.rule.Rules;
import jakarta.enterprise.context.ApplicationScoped;

import static dev.timeos.rule.Rules.hours;

/**
 * Version 2 of an application's RuleSet, for {@link RuleSetVersionsIT}: one node's WAR holds it, the other node's the
 * other version. Both define {@code versions-common}; each defines one rule the other does not. A top-level class:
 * ShrinkWrap adds a class's member classes with it, so two versions nested in one class would land in both WARs.
 */
@ApplicationScoped
public class RuleSetVersionTwo implements RuleSet {
    @Override
    public void define(Rules rules) {
        rules.onEvent("versions_common").after(hours(1)).named("versions-common").perform("noop");
        rules.onEvent("versions_v2").after(hours(1)).named("versions-only-v2").perform("noop");
    }
}

package dev.timeos.dispatch;

import java.util.OptionalInt;

/**
 * The dispatcher's view of rules: each rule's {@code rateLimitPerMinute}. Implemented by the rule
 * package; with no implementation deployed, no rule is limited.
 */
public interface RuleLimits {

    OptionalInt rateLimitPerMinute(String ruleId);
}

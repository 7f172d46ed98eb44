package dev.timeos.dispatch;

import java.util.OptionalInt;

/**
 * The dispatcher's view of rules: each rule's {@code rateLimitPerMinute} and overlap policy. Implemented
 * by the rule package; with no implementation deployed, no rule is limited and runs may overlap.
 */
public interface RuleLimits {

    OptionalInt rateLimitPerMinute(String ruleId);

    /** What a job of this rule does when another run of the rule is still running. */
    default OverlapPolicy overlap(String ruleId) {
        return OverlapPolicy.DEFAULT;
    }
}

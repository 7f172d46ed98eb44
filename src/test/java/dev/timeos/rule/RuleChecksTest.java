package dev.timeos.rule;

import dev.timeos.json.JsonFields;
import dev.timeos.json.JsonP;
import dev.timeos.json.Limits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule's values are checked in one place (RuleChecks), whatever its source: a rule written in code is refused what
 * REST refuses, named by the same fields. Before, code rules (and the Java API's createRule) were only checked for their
 * action: a time rule with 200 attempts was stored and its occurrences carried them.
 */
class RuleChecksTest {

    private static List<String> refused(Rule rule) {
        List<String> fields = new ArrayList<>();
        RuleChecks.check(rule, Limits.DEFAULTS, (field, reason) -> fields.add(field));
        return fields;
    }

    @Test
    void aCodeRuleIsRefusedWhatRestRefusesByTheSameFields() {
        Rules rules = new Rules();
        rules.every(Duration.ofMillis(10)).named("x".repeat(201)).priority(-1).rateLimitPerMinute(0).maxAttempts(200)
                .backoff(Duration.ofSeconds(-1)).timeout(Duration.ZERO).perform("noop");
        assertThat(refused(rules.build().get(0))).containsExactlyInAnyOrder("name", "trigger.every", "priority",
                "rateLimitPerMinute", "maxAttempts", "backoff", "timeout");

        JsonFields f = new JsonFields(JsonP.readObject("{\"name\": \"" + "x".repeat(201) + "\", \"trigger\": {\"every\": "
                + "\"PT0.01S\"}, \"action\": \"noop\", \"priority\": -1, \"rateLimitPerMinute\": 0, \"maxAttempts\": 200, "
                + "\"backoff\": \"-PT1S\", \"timeout\": \"PT0S\"}"), "");
        RuleJson.read(f);
        assertThat(f.errors()).extracting(dev.timeos.error.FieldError::field).containsExactlyInAnyOrder("name",
                "trigger.every", "priority", "rateLimitPerMinute", "maxAttempts", "backoff", "timeout");
    }

    @Test
    void aRuleWithinTheLimitsPasses() {
        Rules rules = new Rules();
        rules.onEvent("order_placed").after(Duration.ofMinutes(5)).priority(3).maxAttempts(5).perform("noop");
        assertThat(refused(rules.build().get(0))).isEmpty();
    }

    /** An unnamed rule is named after its trigger and action: cut to the names a client may give, not a 500. */
    @Test
    void aGeneratedNameFitsTheNamesAClientMayGive() {
        Rules rules = new Rules();
        rules.onEvent("e".repeat(Limits.NAME_COLUMN)).perform("noop");
        Rule named = RuleService.named(rules.build().get(0));
        assertThat(named.name()).hasSize(Limits.NAME_COLUMN).startsWith("eee").endsWith("…");
        assertThat(refused(named)).isEmpty();
    }

    /** Values REST's reader refuses as text or as a timeout it cannot keep are refused for a code rule too. */
    @Test
    void aCodeRuleWithTextOrATimeoutTimeOSCouldNotKeepIsRefusedByName() {
        Rules rules = new Rules();
        rules.onEvent("order\u0000placed").named("name \ud800").timeout(Duration.ofNanos(100_000)).perform("noop");
        assertThat(refused(rules.build().get(0))).containsExactlyInAnyOrder("trigger.event", "name", "timeout");
        Rules fine = new Rules();
        fine.onEvent("order_placed").named("emoji \ud83d\ude00").timeout(Duration.ofMillis(1)).perform("noop");
        assertThat(refused(fine.build().get(0))).isEmpty();
    }
}

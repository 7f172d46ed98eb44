package dev.timeos.rule;

import dev.timeos.dispatch.OverlapPolicy;
import dev.timeos.error.FieldError;
import dev.timeos.json.JsonFields;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class RuleJsonTest {

    private static JsonFields fields(String json) {
        return new JsonFields(Json.createReader(new StringReader(json)).readObject(), "");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"trigger\": {\"cron\": \"61 * * * *\"}, \"action\": \"a\"}                          | trigger.cron",
            "{\"trigger\": {\"cron\": \"* * *\"}, \"action\": \"a\"}                               | trigger.cron",
            "{\"trigger\": {\"cron\": \"0 9 * * *\", \"timezone\": \"Nowhere/City\"}, \"action\": \"a\"} | trigger.timezone",
            "{\"trigger\": {\"weekly\": \"MONDAY\", \"at\": \"24:00\"}, \"action\": \"a\"}         | trigger.at",
            "{\"trigger\": {\"weekly\": \"FUNDAY\"}, \"action\": \"a\"}                            | trigger.weekly",
            "{\"trigger\": {\"every\": \"0s\"}, \"action\": \"a\"}                                 | trigger.every",
            "{\"trigger\": {\"every\": \"1m\", \"initialDelay\": \"-1s\"}, \"action\": \"a\"}      | trigger.initialDelay",
            "{\"trigger\": {\"every\": \"1m\", \"mode\": \"sometimes\"}, \"action\": \"a\"}        | trigger.mode",
            "{\"trigger\": {\"event\": \"x\", \"offset\": \"soon\"}, \"action\": \"a\"}            | trigger.offset",
            "{\"trigger\": {\"at\": \"noon\"}, \"action\": \"a\"}                                  | trigger.at",
            "{\"trigger\": {\"event\": \"x\", \"cron\": \"* * * * *\"}, \"action\": \"a\"}         | trigger",
            "{\"trigger\": {\"when\": \"x\"}, \"action\": \"a\"}                                   | trigger.when",
            "{\"trigger\": {\"event\": \"x\"}}                                                     | action",
            "{\"action\": \"a\"}                                                                   | trigger",
            "{\"trigger\": {\"event\": \"x\"}, \"action\": \"a\", \"when\": \"payload.getClass()\"} | when",
            "{\"trigger\": {\"event\": \"x\"}, \"action\": \"a\", \"when\": \"${payload}\"}        | when",
            "{\"trigger\": {\"event\": \"x\"}, \"action\": \"a\", \"maxAttempts\": 0}              | maxAttempts",
            "{\"trigger\": {\"event\": \"x\"}, \"action\": \"a\", \"timeout\": \"0s\"}             | timeout",
            "{\"trigger\": {\"event\": \"x\"}, \"action\": \"a\", \"enabled\": \"yes\"}            | enabled",
            "{\"trigger\": {\"event\": \"x\"}, \"action\": \"a\", \"color\": \"blue\"}             | color",
    })
    void aBadRuleNamesItsField(String json, String field) {
        JsonFields f = fields(json);
        RuleJson.read(f);
        assertThat(f.errors()).extracting(FieldError::field).as(f.errors().toString()).contains(field);
    }

    @Test
    void everyTriggerKindReadsAndWritesBackTheSame() {
        for (String trigger : new String[]{
                "{\"event\": \"user_signup\", \"offset\": \"P2D\"}",
                "{\"every\": \"PT30M\", \"initialDelay\": \"PT5S\", \"mode\": \"fixed-delay\"}",
                "{\"cron\": \"0 9 * * 1\", \"timezone\": \"America/New_York\"}",
                "{\"weekly\": \"MONDAY\", \"at\": \"09:00\", \"timezone\": \"Europe/London\"}",
                "{\"at\": \"2026-12-01T00:00:00Z\"}",
                "{\"immediate\": true}"}) {
            JsonFields f = fields("{\"trigger\": " + trigger + ", \"action\": \"a\"}");
            Rule r = RuleJson.read(f);
            assertThat(f.errors()).isEmpty();
            JsonObject again = RuleJson.trigger(r.trigger());
            JsonFields f2 = new JsonFields(again, "trigger");
            assertThat(RuleJson.trigger(f2)).isEqualTo(r.trigger());
        }
    }

    @Test
    void defaultsAreThoseOfJobs() {
        JsonFields f = fields("{\"trigger\": {\"weekly\": \"friday\"}, \"action\": \"a\"}");
        Rule r = RuleJson.read(f);
        assertThat(f.errors()).isEmpty();
        assertThat(r.trigger()).isEqualTo(new Trigger.Weekly(DayOfWeek.FRIDAY, LocalTime.MIDNIGHT, ZoneId.of("Z")));
        assertThat(r.maxAttempts()).isEqualTo(3);
        assertThat(r.backoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.overlap()).isEqualTo(OverlapPolicy.RUN);
        assertThat(r.enabled()).isTrue();
    }

    /** REST (and the rules file) and the code builder read a rule that names no option the same way. */
    @Test
    void aRuleThatSaysNothingGetsTheSameOptionsFromRestAndFromCode() {
        JsonFields f = fields("{\"trigger\": {\"weekly\": \"friday\"}, \"action\": \"a\"}");
        Rule rest = RuleJson.read(f);
        Rules rules = new Rules();
        rules.weekly(DayOfWeek.FRIDAY).perform("a");
        Rule code = rules.build().get(0);
        assertThat(code).usingRecursiveComparison().comparingOnlyFields("priority", "rateLimitPerMinute", "maxAttempts",
                "backoff", "timeout", "overlap", "misfire", "enabled").isEqualTo(rest);
        assertThat(rest.misfire()).isEqualTo(dev.timeos.schedule.MisfirePolicy.FIRE_ONCE);
    }
}

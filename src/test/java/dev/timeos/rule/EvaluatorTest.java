package dev.timeos.rule;

import dev.timeos.dispatch.OverlapPolicy;
import dev.timeos.job.JobRequest;
import dev.timeos.rule.condition.Condition;
import dev.timeos.schedule.MisfirePolicy;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EvaluatorTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    private static Rule rule(String id, Trigger trigger, String when, JsonObject args, boolean enabled) {
        return new Rule(id, id, trigger, "act_" + id, args, when == null ? null : Condition.parse(when), null, 4, null, 2,
                Duration.ofSeconds(5), Duration.ofSeconds(9), OverlapPolicy.RUN, MisfirePolicy.FIRE_ONCE, enabled, Rule.Source.API);
    }

    private static JsonObject json(String s) {
        return Json.createReader(new java.io.StringReader(s)).readObject();
    }

    @Test
    void everyEnabledRuleOfTheEventTypeWhoseConditionHoldsMakesOneJob() {
        List<Rule> rules = List.of(
                rule("a", new Trigger.OnEvent("signup", Duration.ofDays(2)), null, JsonObject.EMPTY_JSON_OBJECT, true),
                rule("b", new Trigger.OnEvent("signup", Duration.ZERO), "payload.plan == 'pro'", JsonObject.EMPTY_JSON_OBJECT, true),
                rule("c", new Trigger.OnEvent("signup", Duration.ZERO), "payload.plan == 'free'", JsonObject.EMPTY_JSON_OBJECT, true),
                rule("d", new Trigger.OnEvent("signup", Duration.ZERO), null, JsonObject.EMPTY_JSON_OBJECT, false),
                rule("e", new Trigger.OnEvent("login", Duration.ZERO), null, JsonObject.EMPTY_JSON_OBJECT, true),
                rule("f", new Trigger.Every(Duration.ofMinutes(1), Duration.ZERO, dev.timeos.schedule.IntervalSchedule.Mode.FIXED_RATE),
                        null, JsonObject.EMPTY_JSON_OBJECT, true));
        List<Evaluator.Match> matches = Evaluator.evaluate("ev1", "signup", json("{\"plan\": \"pro\"}"), T, rules);
        assertThat(matches).extracting(m -> m.rule().id()).containsExactly("a", "b");

        JobRequest job = matches.get(0).job();
        assertThat(job.action()).isEqualTo("act_a");
        assertThat(job.time()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(job.ruleId()).isEqualTo("a");
        assertThat(job.eventId()).isEqualTo("ev1");
        assertThat(job.priority()).isEqualTo(4);
        assertThat(job.maxAttempts()).isEqualTo(2);
        assertThat(job.backoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(job.timeout()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void theJobArgsAreThePayloadWithTheRuleArgsOnTop() {
        Rule r = rule("a", new Trigger.OnEvent("x", Duration.ZERO), null, json("{\"template\": \"welcome\", \"user_id\": \"override\"}"), true);
        JobRequest job = Evaluator.evaluate("e", "x", json("{\"user_id\": \"123\", \"n\": 1}"), T, List.of(r)).get(0).job();
        assertThat(job.payload()).isEqualTo(json("{\"user_id\": \"override\", \"n\": 1, \"template\": \"welcome\"}"));
    }

    @Test
    void aJavaPredicateAndAnExpressionMustBothHold() {
        Rule r = new Rule("a", "a", new Trigger.OnEvent("x", Duration.ZERO), "noop", JsonObject.EMPTY_JSON_OBJECT,
                Condition.parse("payload.amount > 10"), p -> p.getString("currency", "").equals("EUR"), 0, null, 3,
                Duration.ZERO, null, OverlapPolicy.RUN, MisfirePolicy.FIRE_ONCE, true, Rule.Source.CODE);
        assertThat(Evaluator.evaluate("e", "x", json("{\"amount\": 20, \"currency\": \"EUR\"}"), T, List.of(r))).hasSize(1);
        assertThat(Evaluator.evaluate("e", "x", json("{\"amount\": 20, \"currency\": \"USD\"}"), T, List.of(r))).isEmpty();
        assertThat(Evaluator.evaluate("e", "x", json("{\"amount\": 5, \"currency\": \"EUR\"}"), T, List.of(r))).isEmpty();
    }

    @Test
    void aCodeConditionThisNodeCouldNotLoadMatchesNothing() {
        Rule r = new Rule("a", "a", new Trigger.OnEvent("x", Duration.ZERO), "noop", JsonObject.EMPTY_JSON_OBJECT, null,
                new CodeConditions().get("code:never-loaded"), 0, null, 3, Duration.ZERO, null, OverlapPolicy.RUN,
                MisfirePolicy.FIRE_ONCE, true, Rule.Source.CODE);
        assertThat(Evaluator.evaluate("e", "x", json("{}"), T, List.of(r))).isEmpty();
    }

    @Test
    void conditionsSeeTheEventsTypeIdAndTimeThroughTheEvaluator() {
        Instant now = java.time.Clock.systemUTC().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Rule r = rule("a", new Trigger.OnEvent("probe", Duration.ZERO),
                "event.type == 'probe' && event.id == 'ev-7' && event.occurredAt == '" + now + "'", JsonObject.EMPTY_JSON_OBJECT, true);
        assertThat(Evaluator.evaluate("ev-7", "probe", json("{}"), now, List.of(r))).hasSize(1);
        assertThat(Evaluator.evaluate("ev-8", "probe", json("{}"), now, List.of(r))).isEmpty();
        assertThat(Evaluator.evaluate("ev-7", "probe", json("{}"), now.plusMillis(1), List.of(r))).isEmpty();
    }

    @Test
    void everyRuleOfTheEventTypeGetsADecisionWithItsReason() {
        Trigger on = new Trigger.OnEvent("x", Duration.ZERO);
        Rule plain = rule("a", on, null, JsonObject.EMPTY_JSON_OBJECT, true);
        Rule conditional = rule("b", on, "payload.n > 1", JsonObject.EMPTY_JSON_OBJECT, true);
        Rule disabled = rule("c", on, null, JsonObject.EMPTY_JSON_OBJECT, false);
        Rule other = rule("d", new Trigger.OnEvent("y", Duration.ZERO), null, JsonObject.EMPTY_JSON_OBJECT, true);
        Rule throwing = new Rule("e", "e", on, "noop", JsonObject.EMPTY_JSON_OBJECT, null,
                payload -> payload.getJsonNumber("missing").intValue() > 0, 0, null, 1, Duration.ZERO, null, OverlapPolicy.RUN,
                MisfirePolicy.FIRE_ONCE, true, Rule.Source.CODE);
        Rule notLoaded = new Rule("f", "f", on, "noop", JsonObject.EMPTY_JSON_OBJECT, null, CodeConditions.NOT_LOADED, 0, null, 1,
                Duration.ZERO, null, OverlapPolicy.RUN, MisfirePolicy.FIRE_ONCE, true, Rule.Source.CODE);

        List<Evaluator.Decision> d = Evaluator.decide("e1", "x", json("{\"n\": 1}"), T,
                List.of(plain, conditional, disabled, other, throwing, notLoaded));
        assertThat(d).extracting(x -> x.rule().id()).containsExactly("a", "b", "c", "e", "f");
        assertThat(d).extracting(Evaluator.Decision::matched).containsExactly(true, false, false, false, false);
        assertThat(d).extracting(Evaluator.Decision::reason).startsWith("no condition", "condition false: payload.n > 1", "disabled");
        assertThat(d.get(3).reason()).startsWith("Java condition failed: java.lang.NullPointerException");
        assertThat(d.get(4).reason()).isEqualTo("Java condition not loaded on this node (its RuleSet did not load here)");
        assertThat(d.get(0).job()).isNotNull();
        assertThat(d.get(1).job()).isNull();
    }
}

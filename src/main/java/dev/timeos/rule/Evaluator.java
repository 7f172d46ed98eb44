package dev.timeos.rule;

import dev.timeos.json.JsonP;
import dev.timeos.job.JobRequest;
import dev.timeos.rule.condition.ConditionContext;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules × event → jobs. Pure: every enabled rule whose trigger names the event's type and whose
 * conditions hold makes one job, with the rule's action, the event payload overlaid with the rule's args,
 * and due at {@code occurredAt + offset}. Every rule of the event's type gets a {@link Decision} saying why
 * it did or did not match, so that an event's answer can explain itself (and a refused job is never silent).
 * The one place where a condition meets an event: REST, CDI, batches, replays and dry runs all come here.
 */
public final class Evaluator {

    private Evaluator() {
    }

    /** One rule that matched, and the job it asks for. */
    public record Match(Rule rule, JobRequest job) {
    }

    /**
     * What one rule made of the event.
     *
     * @param job the job it asks for when it matched, else null
     */
    public record Decision(Rule rule, boolean matched, String reason, JobRequest job) {
    }

    /** The rules that matched, with their jobs. */
    public static List<Match> evaluate(String eventId, String type, JsonObject payload, Instant occurredAt, List<Rule> rules) {
        return decide(eventId, type, payload, occurredAt, rules).stream().filter(Decision::matched)
                .map(d -> new Match(d.rule(), d.job())).toList();
    }

    /** A decision for every rule whose trigger is this event type (rules of other types and time rules are left out). */
    public static List<Decision> decide(String eventId, String type, JsonObject payload, Instant occurredAt, List<Rule> rules) {
        ConditionContext event = new ConditionContext(payload, type, occurredAt, eventId);
        List<Decision> decisions = new ArrayList<>();
        for (Rule rule : rules) {
            if (!(rule.trigger() instanceof Trigger.OnEvent on) || !on.type().equals(type)) {
                continue;
            }
            if (!rule.enabled()) {
                decisions.add(new Decision(rule, false, "disabled", null));
                continue;
            }
            if (rule.when() != null && !rule.when().test(event)) {
                decisions.add(new Decision(rule, false, "condition false: " + rule.when().source(), null));
                continue;
            }
            if (rule.codeWhen() != null) {
                String refused = codeCondition(rule, event);
                if (refused != null) {
                    decisions.add(new Decision(rule, false, refused, null));
                    continue;
                }
            }
            JobRequest job = JobRequest.of(rule.action())
                    .at(occurredAt.plus(on.offset()))
                    .payload(merge(payload, rule.args()))
                    .priority(rule.priority())
                    .maxAttempts(rule.maxAttempts())
                    .backoff(rule.backoff())
                    .timeout(rule.timeout())
                    .origin(rule.id(), eventId);
            decisions.add(new Decision(rule, true, rule.when() == null && rule.codeWhen() == null ? "no condition"
                    : "condition true" + (rule.when() == null ? "" : ": " + rule.when().source()), job));
        }
        return decisions;
    }

    /** @return why a code rule's Java predicate refused the event, or null when it accepted it */
    private static String codeCondition(Rule rule, ConditionContext event) {
        if (rule.codeWhen() == CodeConditions.NOT_LOADED) {
            return "Java condition not loaded on this node (its RuleSet did not load here)";
        }
        try {
            return rule.codeWhen().test(event.payload()) ? null : "Java condition false";
        } catch (RuntimeException e) {
            // A predicate written for another payload shape (getJsonNumber of a missing field...): no match, not a
            // failed event, and the reason says so.
            return "Java condition failed: " + e;
        }
    }

    /** The payload, with the rule's own args added on top (a rule's arg wins over a payload field of the same name). */
    static JsonObject merge(JsonObject payload, JsonObject args) {
        if (args == null || args.isEmpty()) {
            return payload;
        }
        JsonObjectBuilder b = JsonP.createObjectBuilder(payload);
        args.forEach(b::add);
        return b.build();
    }
}

package dev.timeos.rule;

import dev.timeos.job.JobRequest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules × event → jobs. Pure: every enabled rule whose trigger names the event's type and whose
 * conditions hold makes one job, with the rule's action, the event payload overlaid with the rule's args,
 * and due at {@code occurredAt + offset}.
 */
public final class Evaluator {

    private Evaluator() {
    }

    /** One rule that matched, and the job it asks for. */
    public record Match(Rule rule, JobRequest job) {
    }

    public static List<Match> evaluate(String eventId, String type, JsonObject payload, Instant occurredAt, List<Rule> rules) {
        List<Match> matches = new ArrayList<>();
        for (Rule rule : rules) {
            if (!rule.enabled() || !(rule.trigger() instanceof Trigger.OnEvent on) || !on.type().equals(type)) {
                continue;
            }
            if (!rule.accepts(payload)) {
                continue;
            }
            JobRequest job = JobRequest.of(rule.action())
                    .at(occurredAt.plus(on.offset()))
                    .payload(merge(payload, rule.args()))
                    .priority(rule.priority())
                    .maxAttempts(rule.maxAttempts())
                    .backoff(rule.backoff())
                    .timeout(rule.timeout())
                    .origin(rule.id(), eventId);
            matches.add(new Match(rule, job));
        }
        return matches;
    }

    /** The payload, with the rule's own args added on top (a rule's arg wins over a payload field of the same name). */
    static JsonObject merge(JsonObject payload, JsonObject args) {
        if (args == null || args.isEmpty()) {
            return payload;
        }
        JsonObjectBuilder b = Json.createObjectBuilder(payload);
        args.forEach(b::add);
        return b.build();
    }
}

package dev.timeos.api;

import dev.timeos.json.JsonP;
import dev.timeos.job.Execution;
import dev.timeos.job.Job;
import dev.timeos.job.JobDetails;
import dev.timeos.job.Page;
import dev.timeos.json.Secrets;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/** Jobs on the wire, exactly as ../shared/API.md names their fields; absent values are JSON null. */
final class JobJson {

    private JobJson() {
    }

    static JsonObject of(Job j) {
        return fields(j).build();
    }

    static JsonObject of(JobDetails d) {
        JsonArrayBuilder executions = JsonP.createArrayBuilder();
        for (Execution x : d.executions()) {
            JsonObjectBuilder b = JsonP.createObjectBuilder().add("attempt", x.attempt());
            put(b, "node", x.node());
            put(b, "startedAt", x.startedAt());
            put(b, "finishedAt", x.finishedAt());
            put(b, "outcome", x.outcome().name());
            put(b, "error", x.error());
            executions.add(b);
        }
        return fields(d.job()).add("executions", executions).build();
    }

    static <T> JsonObject page(Page<T> page, Function<T, JsonObject> item) {
        JsonArrayBuilder items = JsonP.createArrayBuilder();
        page.items().forEach(i -> items.add(item.apply(i)));
        return JsonP.createObjectBuilder().add("items", items).add("total", page.total()).build();
    }

    private static JsonObjectBuilder fields(Job j) {
        JsonObjectBuilder b = JsonP.createObjectBuilder().add("id", j.id());
        put(b, "ruleId", j.ruleId());
        put(b, "eventId", j.eventId());
        put(b, "action", j.action());
        put(b, "target", j.target());
        // Shown, not used: a credential in the args stays on the server.
        b.add("args", Secrets.mask(j.args()));
        put(b, "performAt", j.performAt());
        b.add("priority", j.priority());
        b.add("status", j.status().name());
        b.add("attempt", j.attempt());
        b.add("maxAttempts", j.maxAttempts());
        put(b, "backoff", j.backoff());
        put(b, "timeout", j.timeout());
        put(b, "lastError", j.lastError());
        put(b, "dependsOn", j.dependsOn());
        put(b, "createdAt", j.createdAt());
        put(b, "startedAt", j.startedAt());
        put(b, "finishedAt", j.finishedAt());
        return b;
    }

    private static void put(JsonObjectBuilder b, String name, Object value) {
        if (value == null) {
            b.addNull(name);
        } else if (value instanceof Instant i) {
            b.add(name, i.toString());
        } else if (value instanceof Duration d) {
            b.add(name, d.toString());
        } else {
            b.add(name, value.toString());
        }
    }
}

package dev.timeos.health;

import dev.timeos.json.JsonP;
import dev.timeos.rule.condition.Condition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code evaluator}: the condition sandbox that decides every event answers a known question correctly. A condition
 * is parsed and tested against one payload that holds and one that does not, in memory (no database): a node whose
 * evaluator is broken (a class missing after a bad deploy, say) would otherwise answer "condition false" to every
 * event, which looks exactly like a working node with no matching events.
 */
@Readiness
@ApplicationScoped
public class EvaluatorCheck implements HealthCheck {

    private static final String PROBE = "payload.amount > 1000 && payload.country in ['US', 'CA']";
    private static final JsonObject HOLDS = JsonP.createObjectBuilder().add("amount", 1500).add("country", "CA").build();
    private static final JsonObject FAILS = JsonP.createObjectBuilder().add("amount", 999).add("country", "CA").build();

    @Override
    public HealthCheckResponse call() {
        long start = System.nanoTime();
        try {
            Condition probe = Condition.parse(PROBE);
            boolean right = probe.test(HOLDS) && !probe.test(FAILS);
            return HealthCheckResponse.named("evaluator").status(right)
                    .withData("probe", right ? "answered correctly" : "answered wrongly: " + PROBE)
                    .withData("probeMicros", (System.nanoTime() - start) / 1_000).build();
        } catch (RuntimeException | LinkageError e) {
            return HealthCheckResponse.named("evaluator").down()
                    .withData("probe", "failed: " + e.getClass().getSimpleName()).build();
        }
    }
}

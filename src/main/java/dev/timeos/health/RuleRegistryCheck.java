package dev.timeos.health;

import dev.timeos.rule.RuleLoadProblems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;

/**
 * {@code rule_registry}: whether the latest load of code and file rules defined every rule. A failing definition
 * keeps its last good rules and their jobs, so the node stays ready (UP); the check says {@code degraded} and
 * names each failing rule, RuleSet or rules file with why, so that the failure is not missed.
 */
@Readiness
@ApplicationScoped
public class RuleRegistryCheck implements HealthCheck {

    @Inject
    RuleLoadProblems problems;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("rule_registry").up();
        var latest = problems.latest();
        if (latest.isEmpty()) {
            return b.withData("state", "loading").build();
        }
        Map<String, String> current = latest.get().problems();
        b.withData("state", current.isEmpty() ? "healthy" : "degraded").withData("loadedAt", latest.get().at().toString());
        current.forEach((rule, why) -> b.withData("problem: " + rule, why));
        return b.build();
    }
}

package dev.timeos.health;

import dev.timeos.job.JobStatus;
import dev.timeos.metrics.StoreCounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The operator's one-look summary ({@code GET /api/health}): the same checks the probes run, each as
 * {@code healthy}, {@code degraded} (UP but not as configured: a rule definition failing) or {@code unhealthy}
 * (DOWN), and the job and rule counts. {@code healthy} overall only when every component is. The checks are injected
 * with their probe's qualifier ({@code @Readiness} and {@code @Liveness} are CDI qualifiers).
 */
@ApplicationScoped
public class HealthReport {

    /** One component: its status word and a one-line message made of the check's data. */
    public record Component(String status, String message) {
    }

    /** Counts as of {@code countsAt}; empty when the store was never reachable from this node. */
    public record Report(String status, Map<String, Component> components, Optional<StoreCounts.Counts> counts) {

        public long pending() {
            return counts.map(c -> c.jobs(JobStatus.SCHEDULED) + c.jobs(JobStatus.WAITING)).orElse(0L);
        }
    }

    @Inject
    @Readiness
    DatabaseCheck database;

    @Inject
    @Readiness
    RuleRegistryCheck ruleRegistry;

    @Inject
    @Readiness
    EvaluatorCheck evaluator;

    @Inject
    @Liveness
    SchedulerCheck scheduler;

    @Inject
    @Readiness
    RateLimiterCheck rateLimiter;

    @Inject
    StoreCounts counts;

    public Report report() {
        Map<String, Component> components = new LinkedHashMap<>();
        for (HealthCheck check : List.of(database, ruleRegistry, evaluator, scheduler, rateLimiter)) {
            HealthCheckResponse r;
            try {
                r = check.call();
            } catch (RuntimeException e) {
                r = HealthCheckResponse.named(check.getClass().getSimpleName()).down()
                        .withData("error", e.getClass().getSimpleName()).build();
            }
            components.put(r.getName(), component(r));
        }
        boolean healthy = components.values().stream().allMatch(c -> "healthy".equals(c.status()));
        Optional<StoreCounts.Counts> c = components.get("database").status().equals("unhealthy")
                ? counts.latest() : counts.current();
        return new Report(healthy ? "healthy" : "degraded", components, c);
    }

    static Component component(HealthCheckResponse r) {
        Map<String, Object> data = r.getData().orElse(Map.of());
        String status = r.getStatus() == HealthCheckResponse.Status.DOWN ? "unhealthy"
                : "degraded".equals(data.get("state")) ? "degraded" : "healthy";
        String message = data.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
        return new Component(status, message);
    }
}

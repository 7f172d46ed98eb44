package dev.timeos.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 11: each MicroProfile Health check of the components, open without login, and GET /api/health. */
@ExtendWith(ArquillianExtension.class)
class HealthIT {

    private final Api api = Api.local();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.timeos();
    }

    /** The checks of a probe by name; probes need no login. */
    private static Map<String, JsonObject> checks(String probe, int expected) {
        Api.Reply r = Api.anonymous().get(probe).expect(expected);
        return r.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> !c.getString("name").contains("."))
                .collect(Collectors.toMap(c -> c.getString("name"), Function.identity(), (a, b) -> a));
    }

    @Test
    void readinessHasTheDatabaseEvaluatorRateLimiterAndRuleRegistryChecksUp() {
        Map<String, JsonObject> ready = checks("/health/ready", 200);
        assertThat(ready).containsKeys("database", "evaluator", "rate_limiter", "rule_registry");
        ready.values().forEach(c -> assertThat(c.getString("status")).as(c.toString()).isEqualTo("UP"));
        assertThat(ready.get("database").getJsonObject("data").getString("dialect")).isIn("derby", "postgresql");
        assertThat(ready.get("evaluator").getJsonObject("data").getString("probe")).isEqualTo("answered correctly");
        assertThat(ready.get("rate_limiter").getJsonObject("data").getJsonNumber("deferredStarts").longValue()).isNotNegative();
    }

    @Test
    void livenessHasTheSchedulerTicking() {
        JsonObject scheduler = checks("/health/live", 200).get("scheduler");
        assertThat(scheduler).as("scheduler liveness check").isNotNull();
        assertThat(scheduler.getString("status")).isEqualTo("UP");
        JsonObject data = scheduler.getJsonObject("data");
        assertThat(data.getString("state")).isIn("ticking", "idle");
        assertThat(data.getBoolean("running")).isTrue();
        assertThat(data.getString("stallBound")).isEqualTo("PT1M");
        assertThat(data.containsKey("lastTick")).isTrue();
    }

    @Test
    void startupIsUpOnceMigratedRulesLoadedAndDispatching() {
        JsonObject started = checks("/health/started", 200).get("scheduler");
        assertThat(started).as("scheduler startup check").isNotNull();
        assertThat(started.getString("status")).isEqualTo("UP");
        JsonObject data = started.getJsonObject("data");
        assertThat(data.getBoolean("migrated")).isTrue();
        assertThat(data.getBoolean("rulesLoaded")).isTrue();
        assertThat(data.getBoolean("dispatching")).isTrue();
    }

    @Test
    void theWholeHealthAnswerListsEveryComponent() {
        assertThat(checks("/health", 200)).containsKeys("database", "rule_registry", "evaluator", "scheduler", "rate_limiter");
    }

    @Test
    void apiHealthAnswersInTheContractsShape() {
        JsonObject h = api.get("/api/health").expect(200).json();
        assertThat(h.getString("status")).isIn("healthy", "degraded");
        JsonObject components = h.getJsonObject("components");
        assertThat(components.keySet()).containsExactlyInAnyOrder("database", "rule_registry", "evaluator", "scheduler",
                "rate_limiter");
        components.values().forEach(v -> {
            JsonObject c = v.asJsonObject();
            assertThat(c.getString("status")).as(c.toString()).isIn("healthy", "degraded", "unhealthy");
            assertThat(c.getString("message")).as(c.toString()).isNotBlank();
        });
        assertThat(components.getJsonObject("database").getString("status")).isEqualTo("healthy");
        assertThat(components.getJsonObject("scheduler").getString("status")).isEqualTo("healthy");
        JsonObject metrics = h.getJsonObject("metrics");
        for (String n : new String[]{"pendingJobs", "runningJobs", "failedJobs", "deadLetterJobs", "totalRules", "enabledRules"}) {
            assertThat(metrics.getJsonNumber(n).longValue()).as(n).isNotNegative();
        }
        assertThat(metrics.getJsonNumber("enabledRules").longValue())
                .isLessThanOrEqualTo(metrics.getJsonNumber("totalRules").longValue());
        // The overall word follows the components: healthy only when every one is.
        boolean allHealthy = components.values().stream().allMatch(v -> "healthy".equals(v.asJsonObject().getString("status")));
        assertThat(h.getString("status")).isEqualTo(allHealthy ? "healthy" : "degraded");
    }

    @Test
    void apiHealthNeedsALogin() {
        assertThat(Api.anonymous().get("/api/health").status()).isEqualTo(401);
    }
}

package dev.timeos.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 11: the documented timeos_* series (README table) are scraped and move when jobs run. */
@ExtendWith(ArquillianExtension.class)
class MetricsIT {

    private final Api api = Api.local();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.timeos();
    }

    private static String scrape() {
        // /metrics needs no login in the test server (TIMEOS_METRICS_AUTHENTICATION is off there).
        return Api.anonymous().get("/metrics?scope=application").expect(200).body();
    }

    /** The value of the first sample whose name and labels contain all of {@code parts}; 0 when there is none yet. */
    private static double value(String metrics, String name, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} ([0-9.eE+-]+)$").matcher(metrics);
        while (m.find()) {
            String l = m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= l.contains(label);
            }
            if (all) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    @Test
    void theDocumentedSeriesAreScraped() {
        String metrics = scrape();
        for (String name : new String[]{"timeos_jobs_started_total", "timeos_jobs_succeeded_total", "timeos_jobs_failed_total",
                "timeos_jobs_dead_total", "timeos_jobs_rate_limited_total", "timeos_job_duration_seconds",
                "timeos_job_start_lateness_seconds", "timeos_dispatcher_claim_batch_size", "timeos_jobs_in_flight",
                "timeos_jobs_due", "timeos_jobs{", "timeos_stream_clients", "timeos_stream_sent_total",
                "timeos_stream_dropped_total"}) {
            assertThat(metrics).as(name).contains(name);
        }
        for (String status : new String[]{"SCHEDULED", "WAITING", "RUNNING", "SUCCEEDED", "FAILED", "DEAD", "CANCELLED"}) {
            assertThat(metrics).contains("status=\"" + status + "\"");
        }
    }

    @Test
    void seriesMoveWhenJobsRunAndRulesMatch() {
        String before = scrape();
        double scheduled = value(before, "timeos_jobs_scheduled_total", "action=\"noop\"");
        double succeeded = value(before, "timeos_jobs_finished_total", "action=\"noop\"", "outcome=\"succeeded\"");
        double dead = value(before, "timeos_jobs_finished_total", "action=\"test-permanent\"", "outcome=\"dead\"");

        String ok = api.post("/api/jobs", "{\"action\": \"noop\"}").expect(201).json().getString("id");
        String bad = api.post("/api/jobs", "{\"action\": \"test-permanent\", \"maxAttempts\": 1}").expect(201).json().getString("id");
        String type = "metrics_" + System.nanoTime();
        String rule = api.post("/api/rules", "{\"name\": \"" + type + "\", \"trigger\": {\"event\": \"" + type + "\"}, "
                + "\"action\": \"noop\"}").expect(201).json().getString("id");
        api.post("/api/events", "{\"type\": \"" + type + "\"}").expect(201);

        await("the series moved").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String now = scrape();
            return value(now, "timeos_jobs_scheduled_total", "action=\"noop\"") >= scheduled + 2
                    && value(now, "timeos_jobs_finished_total", "action=\"noop\"", "outcome=\"succeeded\"") >= succeeded + 2
                    && value(now, "timeos_jobs_finished_total", "action=\"test-permanent\"", "outcome=\"dead\"") >= dead + 1
                    && value(now, "timeos_rule_matches_total", "rule=\"" + rule + "\"") == 1;
        });
        assertThat(api.get("/api/jobs/" + ok).json().getString("status")).isEqualTo("SUCCEEDED");
        assertThat(api.get("/api/jobs/" + bad).json().getString("status")).isEqualTo("DEAD");
        api.delete("/api/rules/" + rule).expect(204);
    }
}

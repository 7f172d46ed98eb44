package dev.timeos.metrics;

import dev.timeos.dispatch.ClaimBatch;
import dev.timeos.dispatch.Dispatcher;
import dev.timeos.job.JobStatus;
import dev.timeos.lifecycle.JobDead;
import dev.timeos.lifecycle.JobFailed;
import dev.timeos.lifecycle.JobScheduled;
import dev.timeos.lifecycle.RuleMatched;
import dev.timeos.lifecycle.JobStarted;
import dev.timeos.lifecycle.JobSucceeded;
import dev.timeos.lifecycle.RateLimited;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's MicroProfile Metrics, all named {@code timeos_*} in the Prometheus output of {@code /metrics}.
 * Counters and timers follow the lifecycle events (a synchronous observer: an increment, on the thread that
 * fires); gauges read the dispatcher, or the store's counts cached by StoreCounts, when scraped.
 */
@ApplicationScoped
public class EngineMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    Dispatcher dispatcher;

    @Inject
    StoreCounts counts;

    private Counter started;
    private Counter succeeded;
    private Counter failed;
    private Counter dead;
    private Counter rateLimited;
    private Timer duration;
    private Timer lateness;
    private Histogram claimed;

    @PostConstruct
    void register() {
        started = registry.counter(meta("timeos.jobs.started", "Attempts started", MetricUnits.NONE));
        succeeded = registry.counter(meta("timeos.jobs.succeeded", "Attempts that succeeded", MetricUnits.NONE));
        failed = registry.counter(meta("timeos.jobs.failed", "Attempts that failed (or timed out) and will be retried",
                MetricUnits.NONE));
        dead = registry.counter(meta("timeos.jobs.dead", "Jobs that went to the dead-letter queue", MetricUnits.NONE));
        rateLimited = registry.counter(meta("timeos.jobs.rate.limited",
                "Due jobs deferred by a rate limit (of their rule or action)", MetricUnits.NONE));
        duration = registry.timer(meta("timeos.job.duration", "How long successful attempts ran", MetricUnits.SECONDS));
        lateness = registry.timer(meta("timeos.job.start.lateness",
                "How long after its due time an attempt started", MetricUnits.SECONDS));
        claimed = registry.histogram(meta("timeos.dispatcher.claim.batch.size", "Jobs claimed per claiming statement",
                MetricUnits.NONE));
        registry.gauge(meta("timeos.jobs.in.flight", "Attempts running on this node now", MetricUnits.NONE),
                dispatcher, Dispatcher::inFlight);
        // Read from the cached counts (StoreCounts): a scrape never runs a COUNT of its own.
        registry.gauge(meta("timeos.jobs.due", "Jobs due and waiting to be claimed (all nodes; at most "
                + "timeos.metrics.count-cache old)", MetricUnits.NONE), counts, c -> c.current().map(StoreCounts.Counts::due).orElse(0L));
        for (JobStatus status : JobStatus.values()) {
            registry.gauge(meta("timeos.jobs", "Jobs by status (all nodes; at most timeos.metrics.count-cache old)",
                    MetricUnits.NONE), counts, c -> c.current().map(n -> n.jobs(status)).orElse(0L),
                    new Tag("status", status.name()));
        }
    }

    private static Metadata meta(String name, String description, String unit) {
        return Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
    }

    /** Registers the metrics when the application starts, before the first job: a scrape sees them at 0. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // Observing is enough: the container creates this bean to deliver the event.
    }

    private static final Metadata FINISHED = meta("timeos.jobs.finished",
            "Attempt ends by action and outcome (succeeded, failed: will be retried, dead)", MetricUnits.NONE);
    private static final Metadata SCHEDULED = meta("timeos.jobs.scheduled", "Jobs created, by action", MetricUnits.NONE);
    private static final Metadata MATCHES = meta("timeos.rule.matches", "Events that matched a rule and made a job, by rule",
            MetricUnits.NONE);

    /**
     * The labelled counters, found in the registry once per label set and then kept: these observers run for every job
     * created and every attempt's end, and a registry lookup builds a metric id and checks the metadata each time.
     */
    private final Map<List<String>, Counter> labelled = new ConcurrentHashMap<>();

    private Counter labelled(Metadata metadata, Tag... tags) {
        List<String> key = new ArrayList<>(1 + 2 * tags.length);
        key.add(metadata.getName());
        for (Tag t : tags) {
            key.add(t.getTagName());
            key.add(t.getTagValue());
        }
        return labelled.computeIfAbsent(key, k -> registry.counter(metadata, tags));
    }

    /** Labelled by action: a bounded set (the registered performers), unlike event types, which clients choose. */
    private void finished(String action, String outcome) {
        labelled(FINISHED, new Tag("action", action), new Tag("outcome", outcome)).inc();
    }

    void onScheduled(@Observes JobScheduled e) {
        labelled(SCHEDULED, new Tag("action", e.action())).inc();
    }

    void onMatched(@Observes RuleMatched e) {
        labelled(MATCHES, new Tag("rule", e.ruleId())).inc();
    }

    void onStarted(@Observes JobStarted e) {
        started.inc();
        Duration late = Duration.between(e.dueAt(), e.startedAt());
        lateness.update(late.isNegative() ? Duration.ZERO : late);
    }

    void onSucceeded(@Observes JobSucceeded e) {
        succeeded.inc();
        duration.update(e.took());
        finished(e.action(), "succeeded");
    }

    void onFailed(@Observes JobFailed e) {
        failed.inc();
        finished(e.action(), "failed");
    }

    void onDead(@Observes JobDead e) {
        dead.inc();
        finished(e.action(), "dead");
    }

    void onRateLimited(@Observes RateLimited e) {
        rateLimited.inc();
    }

    void onClaim(@Observes ClaimBatch b) {
        claimed.update(b.claimed());
    }
}

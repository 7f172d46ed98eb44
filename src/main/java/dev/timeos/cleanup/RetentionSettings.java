package dev.timeos.cleanup;

import dev.timeos.schedule.Durations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** Retention's configuration (MicroProfile Config), read when used. */
@ApplicationScoped
public class RetentionSettings {

    @Inject
    @ConfigProperty(name = "timeos.cleanup.interval", defaultValue = "PT1H")
    String interval;

    @Inject
    @ConfigProperty(name = "timeos.cleanup.events-retention", defaultValue = "P30D")
    String events;

    @Inject
    @ConfigProperty(name = "timeos.cleanup.success-jobs-retention", defaultValue = "P7D")
    String successJobs;

    @Inject
    @ConfigProperty(name = "timeos.cleanup.failed-jobs-retention", defaultValue = "P30D")
    String failedJobs;

    @Inject
    @ConfigProperty(name = "timeos.cleanup.batch-size", defaultValue = "500")
    int batchSize;

    @Inject
    @ConfigProperty(name = "timeos.cleanup.enabled", defaultValue = "true")
    boolean enabled;

    /** How often every node runs a cleanup pass (passes of several nodes only find less to do). */
    public Duration interval() {
        return Durations.parse(interval);
    }

    public Retention retention() {
        return new Retention(Retention.require("timeos.cleanup.events-retention", Durations.parse(events)),
                Retention.require("timeos.cleanup.success-jobs-retention", Durations.parse(successJobs)),
                Retention.require("timeos.cleanup.failed-jobs-retention", Durations.parse(failedJobs)));
    }

    /** Most rows removed in one transaction. */
    public int batchSize() {
        return Math.max(1, Math.min(batchSize, 5000));
    }

    public boolean enabled() {
        return enabled;
    }
}

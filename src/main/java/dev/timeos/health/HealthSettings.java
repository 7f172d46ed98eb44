package dev.timeos.health;

import dev.timeos.schedule.Durations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** The health checks' configuration (MicroProfile Config). */
@ApplicationScoped
public class HealthSettings {

    @Inject
    @ConfigProperty(name = "timeos.health.dispatcher-stall", defaultValue = "PT60S")
    String dispatcherStall;

    @Inject
    @ConfigProperty(name = "timeos.health.database-timeout", defaultValue = "PT2S")
    String databaseTimeout;

    /** How long the dispatcher may go without a tick while work is due before liveness is DOWN. */
    public Duration dispatcherStall() {
        return Durations.parse(dispatcherStall);
    }

    /** How long the database check waits for its round trip. */
    public Duration databaseTimeout() {
        return Durations.parse(databaseTimeout);
    }
}

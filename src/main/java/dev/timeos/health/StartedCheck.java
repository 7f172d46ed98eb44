package dev.timeos.health;

import dev.timeos.dispatch.Dispatcher;
import dev.timeos.dispatch.Engine;
import dev.timeos.rule.RuleLoadProblems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * {@code scheduler} startup: UP once the schema migrations ran, the code and file rules were loaded once, and the
 * dispatcher runs. Named like the liveness check of the same component: it is the scheduler that has started.
 */
@Startup
@ApplicationScoped
public class StartedCheck implements HealthCheck {

    @Inject
    Engine engine;

    @Inject
    RuleLoadProblems rules;

    @Inject
    Dispatcher dispatcher;

    @Override
    public HealthCheckResponse call() {
        boolean migrated = engine.migrated();
        boolean loaded = rules.latest().isPresent();
        boolean running = dispatcher.isRunning();
        return HealthCheckResponse.named("scheduler").status(migrated && loaded && running)
                .withData("migrated", migrated).withData("rulesLoaded", loaded).withData("dispatching", running).build();
    }
}

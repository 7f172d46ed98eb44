package dev.timeos.dispatch;

import dev.timeos.store.Database;
import dev.timeos.store.Migrations;
import dev.timeos.store.StoreException;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Brings TimeOS up with the application and down with it: schema migrations first, then the dispatcher;
 * at stop, the dispatcher's graceful shutdown. A start that finds the job store unreachable does not fail the
 * deployment: it tries again every few seconds, and announces {@link EngineStarted} when it succeeds.
 */
@ApplicationScoped
public class Engine {

    private static final Logger LOG = Logger.getLogger(Engine.class.getName());

    @Inject
    Database database;

    @Inject
    Dispatcher dispatcher;

    /** How often a start that found the job store unreachable tries again. */
    private static final Duration RETRY = Duration.ofSeconds(5);

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    Event<EngineStarted> started;

    /** Schema migrations ran and the dispatcher started: the startup health check waits for it. */
    private volatile boolean migrated;
    private volatile ScheduledFuture<?> retry;

    public boolean migrated() {
        return migrated;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (tryStart()) {
            return;
        }
        // The job store is unreachable: the application deploys anyway (readiness and startup say DOWN) and the engine
        // starts as soon as the store answers, rather than failing the deployment and needing a restart.
        LOG.warning(() -> "TimeOS: the job store is not reachable; the engine starts when it is (trying every "
                + RETRY.toSeconds() + " s)");
        retry = scheduler.scheduleWithFixedDelay(() -> {
            if (!migrated && tryStart()) {
                LOG.info("TimeOS: the job store is reachable; the engine has started");
                started.fire(new EngineStarted());
                retry.cancel(false);
            }
        }, RETRY.toMillis(), RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Migrations, then the dispatcher. @return false when the job store could not be reached */
    private synchronized boolean tryStart() {
        if (migrated) {
            return true;
        }
        try {
            var applied = Migrations.migrate(database.dataSource());
            LOG.info(() -> "TimeOS schema is current on " + database.dialect()
                    + (applied.isEmpty() ? "" : " (applied versions " + applied + ")"));
            dispatcher.start();
            migrated = true;
            return true;
        } catch (StoreException e) {
            LOG.fine(() -> "TimeOS: the engine could not start yet: " + e.getMessage());
            return false;
        }
    }

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        if (retry != null) {
            retry.cancel(false);
        }
        dispatcher.stop();
    }
}

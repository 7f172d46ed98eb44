package dev.timeos.dispatch;

import dev.timeos.store.Database;
import dev.timeos.store.Migrations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.logging.Logger;

/**
 * Brings TimeOS up with the application and down with it: schema migrations first, then the dispatcher;
 * at stop, the dispatcher's graceful shutdown.
 */
@ApplicationScoped
public class Engine {

    private static final Logger LOG = Logger.getLogger(Engine.class.getName());

    @Inject
    Database database;

    @Inject
    Dispatcher dispatcher;

    /** Schema migrations ran in this start: the startup health check waits for it. */
    private volatile boolean migrated;

    public boolean migrated() {
        return migrated;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        var applied = Migrations.migrate(database.dataSource());
        LOG.info(() -> "TimeOS schema is current on " + database.dialect()
                + (applied.isEmpty() ? "" : " (applied versions " + applied + ")"));
        migrated = true;
        dispatcher.start();
    }

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        dispatcher.stop();
    }
}

package dev.timeos.health;

import dev.timeos.store.Database;
import dev.timeos.store.Dialect;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code database}: one round trip to the job store through the server's pool. DOWN while it fails, UP again as soon
 * as it answers, without a restart. A real statement, not {@code Connection.isValid}: a statement that fails on a
 * broken connection raises the connection error through the pool, which then discards its dead connections, so the
 * check (and the engine) get fresh ones once the database is back.
 */
@Readiness
@ApplicationScoped
public class DatabaseCheck implements HealthCheck {

    @Inject
    Database database;

    @Inject
    HealthSettings settings;

    @Override
    public HealthCheckResponse call() {
        long start = System.nanoTime();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            Dialect dialect = Dialect.of(c);
            s.setQueryTimeout((int) Math.max(1, settings.databaseTimeout().toSeconds()));
            s.execute(dialect == Dialect.DERBY ? "VALUES 1" : "SELECT 1");
            return HealthCheckResponse.named("database").up()
                    .withData("dialect", dialect.name().toLowerCase(java.util.Locale.ROOT))
                    .withData("roundTripMillis", (System.nanoTime() - start) / 1_000_000).build();
        } catch (SQLException | RuntimeException e) {
            // The SQL state says what kind of failure without leaking the server's message (addresses, users).
            String state = e instanceof SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : "none";
            return HealthCheckResponse.named("database").down()
                    .withData("error", "the job store did not answer (" + e.getClass().getSimpleName() + ", SQL state " + state + ")")
                    .build();
        }
    }
}

package dev.timeos.store;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** The one data source TimeOS uses (JNDI {@code jdbc/timeos}, defined by the server) and its dialect. */
@ApplicationScoped
public class Database {

    @Resource(lookup = "jdbc/timeos")
    DataSource dataSource;

    private volatile Dialect dialect;

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        if (dialect == null) {
            try (Connection c = dataSource.getConnection()) {
                dialect = Dialect.of(c);
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
        return dialect;
    }

    /** A cheap round trip, for health checks. */
    public boolean ping() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}

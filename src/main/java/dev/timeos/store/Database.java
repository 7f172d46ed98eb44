package dev.timeos.store;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one data source TimeOS uses, and its dialect. TimeOS names it {@code java:app/jdbc/timeos} everywhere (here and
 * in the persistence unit, so that JPA and TimeOS's JDBC share one connection per transaction):
 * <ul>
 *   <li>the TimeOS WAR defines it itself, in {@code WEB-INF/web.xml}, with TimeOS's driver
 *       ({@code dev.timeos.jdbc.ConfiguredDriver}, project {@code jdbc-bridge/}), which connects to the URL MicroProfile
 *       Config gives for {@code timeos.db.url}: the same definition on Liberty and on Payara, nothing configured
 *       in either but the drivers in a shared library;</li>
 *   <li>an application embedding the classes jar defines or binds that name itself (README, "Embedding"): the
 *       classes jar neither defines nor declares it.</li>
 * </ul>
 */
@ApplicationScoped
public class Database {

    /** The data source's name in the application's namespace. */
    public static final String JNDI_NAME = "java:app/jdbc/timeos";

    @Resource(lookup = JNDI_NAME)
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

package dev.timeos.store;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one data source TimeOS uses, and its dialect. TimeOS names it {@code java:app/jdbc/timeos} everywhere (here and
 * in the persistence unit), a name each server resolves its own way, so that the same WAR runs on both:
 * <ul>
 *   <li>Liberty: a resource reference (declared by the annotation below) bound to the server's {@code jdbc/timeos} of
 *       {@code liberty/server.xml} by {@code WEB-INF/ibm-web-bnd.xml};</li>
 *   <li>Payara: an application-scoped resource of that name that the WAR defines itself
 *       ({@code WEB-INF/glassfish-resources.xml}, URL from {@code TIMEOS_DB_URL}); the reference, unbound there,
 *       resolves to it. No server configuration, no post-boot command.</li>
 * </ul>
 * The persistence unit cannot name the server's {@code jdbc/timeos} directly: Payara's JPA deployer accepts only a
 * real resource there, and an application can define one only under {@code java:app}. Declared on the class (not in
 * web.xml) so that an application embedding the classes jar declares it too (README, "Embedding").
 */
@ApplicationScoped
@Resource(name = Database.JNDI_NAME, type = DataSource.class)
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

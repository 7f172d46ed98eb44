package dev.timeos.jdbc;

import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * The JDBC driver of TimeOS's own data source definition (WEB-INF/web.xml, {@code java:app/jdbc/timeos}): it answers
 * {@value #URL} by connecting to the URL MicroProfile Config gives for {@value #URL_KEY} (environment variable
 * {@code TIMEOS_DB_URL}; on Liberty server.xml's variable of that name, whose default is the embedded Derby),
 * through whichever Derby or PostgreSQL driver beside it accepts that URL.
 * <p>
 * Why a driver of our own: the WAR must define its data source itself so that Payara runs it with nothing
 * configured (a {@code glassfish-resources.xml} pool breaks Payara's {@code /metrics}, payara/Payara#6041), and a
 * standard definition has a fixed URL: neither server reads configuration into it portably. Both servers load a
 * definition's driver only from a shared library, never from the application, so this class is not in the WAR but in
 * a jar of its own, {@code timeos-jdbc-bridge.jar}, beside the JDBC drivers (README, "Data source"). It depends on
 * nothing but JDBC and the MicroProfile Config API, which both servers give their libraries.
 */
public final class ConfiguredDriver implements Driver {

    /** The URL of the definition: what it connects to is configuration, not part of the WAR. */
    public static final String URL = "jdbc:timeos:configured";
    /** The MicroProfile Config key that holds the real JDBC URL. */
    public static final String URL_KEY = "timeos.db.url";

    /** Where nothing configures a URL (Payara): an embedded Derby under the working directory. */
    public static final String DEFAULT_URL = "jdbc:derby:timeos-data/timeos;create=true";

    private static final String PREFIX = "jdbc:timeos:";

    static {
        try {
            // Payara connects a java.sql.Driver definition through DriverManager, which knows only registered drivers.
            DriverManager.registerDriver(new ConfiguredDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null; // the JDBC contract: not ours, let DriverManager ask the next driver
        }
        String target = configuredUrl();
        return driverFor(target).connect(target, info == null ? new Properties() : info);
    }

    /**
     * The real URL, from the server-level MicroProfile Config (environment, system properties, Liberty's server.xml
     * variables): read through this class's own loader, not the calling thread's, so that every connection of the pool
     * goes to the same database whichever thread opens it (a pool's own refill thread sees no application's config
     * sources, and may have no context class loader at all).
     */
    static String configuredUrl() throws SQLException {
        Optional<String> configured;
        try {
            configured = ConfigProvider.getConfig(ConfiguredDriver.class.getClassLoader())
                    .getOptionalValue(URL_KEY, String.class);
        } catch (RuntimeException e) {
            throw new SQLException("MicroProfile Config could not be read for " + URL_KEY, "08001", e);
        }
        return resolve(configured);
    }

    /**
     * The URL to connect to, given what configuration says: where it says nothing (Payara without
     * {@code TIMEOS_DB_URL}), an embedded Derby in {@code ./timeos-data} under the working directory. Liberty always has
     * a value: server.xml's variable, whose default puts Derby under the server's output directory.
     */
    static String resolve(Optional<String> configured) throws SQLException {
        String target = configured.map(String::strip).filter(url -> !url.isEmpty()).orElse(DEFAULT_URL);
        if (target.startsWith(PREFIX)) {
            throw new SQLException(URL_KEY + " must name a real database, not " + PREFIX + "...", "08001");
        }
        return target;
    }

    /** The driver beside this one (same class loader: the shared library) that accepts {@code target}. */
    static Driver driverFor(String target) throws SQLException {
        Iterator<Driver> drivers = ServiceLoader.load(Driver.class, ConfiguredDriver.class.getClassLoader()).iterator();
        while (true) {
            Driver candidate;
            try {
                if (!drivers.hasNext()) {
                    break;
                }
                candidate = drivers.next();
            } catch (ServiceConfigurationError e) {
                continue; // a broken provider elsewhere on the class path: not the one this URL needs
            }
            if (!(candidate instanceof ConfiguredDriver) && candidate.acceptsURL(target)) {
                return candidate;
            }
        }
        throw new SQLException("No JDBC driver beside TimeOS's accepts " + withoutSecrets(target)
                + " (" + URL_KEY + "); Derby's and PostgreSQL's belong in the server's shared library", "08001");
    }

    /**
     * Only the URL's kind ({@code jdbc:postgresql:...}): the rest may carry a password, and not only in parameters
     * ({@code ?password=}, {@code ;password=}) but before a host too ({@code //user:secret@db}, {@code user/secret@db}).
     */
    static String withoutSecrets(String url) {
        int second = url.indexOf(':', url.indexOf(':') + 1);
        return second < 0 ? "a URL that is not jdbc:<kind>:..." : url.substring(0, second + 1) + "...";
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false; // it is whatever the driver it delegates to is
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}

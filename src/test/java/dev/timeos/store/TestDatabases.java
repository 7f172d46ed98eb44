package dev.timeos.store;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two real databases TimeOS runs on, for tests of its SQL: an in-memory Derby, and the PostgreSQL at
 * 127.0.0.1:5432 (database {@code test}; the build passes -Dtimeos.test.pg.url from timeos.test.postgresql.host/port). Each call gives a fresh,
 * migrated schema.
 * <p>
 * PostgreSQL absent: the PostgreSQL cases are skipped with a message saying so, except under CI
 * ({@code CI=true}), where they fail, because CI must run them.
 */
public final class TestDatabases {

    private static final String PG_URL = System.getProperty("timeos.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final AtomicInteger SEQ = new AtomicInteger();

    private static boolean cleaned;

    private TestDatabases() {
    }

    /** Each run makes schemas of its own; the ones of earlier runs go, so that the test database does not fill up. */
    private static synchronized void dropSchemasOfEarlierRuns() {
        if (cleaned) {
            return;
        }
        cleaned = true;
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(PG_URL);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            List<String> old = new java.util.ArrayList<>();
            try (var rs = s.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'timeos_unit_%'")) {
                while (rs.next()) {
                    old.add(rs.getString(1));
                }
            }
            for (String schema : old) {
                // Only schemas of test JVMs that have ended: another checkout's run beside this one keeps its own.
                if (!ofLiveProcess(schema)) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
        } catch (SQLException e) {
            // Unreachable: postgresql() says so below.
        }
    }

    /** Schema names are {@code timeos_unit_<pid>_<n>}: is that process still running? */
    private static boolean ofLiveProcess(String schema) {
        String[] parts = schema.split("_");
        try {
            long pid = Long.parseLong(parts[2]);
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static List<Dialect> dialects() {
        return List.of(Dialect.DERBY, Dialect.POSTGRESQL);
    }

    public static DataSource fresh(Dialect dialect) {
        DataSource ds = dialect == Dialect.DERBY ? derby() : postgresql();
        Migrations.migrate(ds);
        return ds;
    }

    /**
     * Is a statement of another session waiting for a lock held by {@code holder}'s transaction? For race tests, which
     * poll this (bounded) instead of sleeping. On Derby any waiting lock counts: each test has an in-memory database
     * of its own, so the only waiter is the race under test.
     */
    public static boolean blockedBy(DataSource ds, Dialect dialect, Connection holder) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            int holderPid;
            try (Statement s = holder.createStatement(); var rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                holderPid = rs.getInt(1);
            }
            try (Connection c = ds.getConnection(); var ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))")) {
                ps.setInt(1, holderPid);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) > 0;
                }
            }
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM SYSCS_DIAG.LOCK_TABLE WHERE state = 'WAIT'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private static DataSource derby() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:timeos" + SEQ.incrementAndGet());
        ds.setCreateDatabase("create");
        return ds;
    }

    private static DataSource postgresql() {
        dropSchemasOfEarlierRuns();
        String schema = "timeos_unit_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(PG_URL);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String why = "PostgreSQL is not reachable at " + PG_URL + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why + "; CI must run the PostgreSQL tests", e);
            }
            Assumptions.abort(why + ": PostgreSQL cases skipped here; CI runs them");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(PG_URL);
        ds.setCurrentSchema(schema);
        return ds;
    }
}

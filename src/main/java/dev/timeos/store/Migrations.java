package dev.timeos.store;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;

/**
 * Versioned schema migrations, applied in order at startup before the engine runs. Each script runs in
 * its own transaction together with its row in {@code timeos_schema_version}; an applied script whose
 * text has changed stops startup (a schema must never silently differ from its history). On PostgreSQL
 * an advisory lock serialises nodes that start at the same time.
 * <p>
 * Small on purpose: Flyway 10 would bring Jackson into the WAR, and the platform gives us everything else.
 */
public final class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    /** In order. A new migration is a new script and a new entry here; applied scripts are never edited. */
    static final List<String> SCRIPTS = List.of(
            "V1__jobs",
            "V2__events_rules",
            "V3__fencing",
            "V4__rule_history",
            "V5__claim_indexes",
            "V6__observe",
            "V7__partial_job_indexes",
            "V8__fewer_index_writes",
            "V9__derby_status_changes_cheaper",
            "V10__job_list_newest_first",
            "V11__derby_running_occurrences",
            "V12__fewer_insert_entries",
            "V13__dependents_table");

    private static final long PG_LOCK_KEY = 0x54494D454F53L; // "TIMEOS"

    private Migrations() {
    }

    /** @return the versions applied now (empty when the schema was current) */
    public static List<Integer> migrate(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            Dialect dialect = Dialect.of(c);
            c.setAutoCommit(true);
            if (dialect == Dialect.POSTGRESQL) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_lock(" + PG_LOCK_KEY + ")");
                }
            }
            try {
                List<Integer> applied = migrate(c, dialect);
                if (dialect == Dialect.DERBY) {
                    findDeadlocksWithinASecond(c);
                }
                return applied;
            } finally {
                if (dialect == Dialect.POSTGRESQL) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT pg_advisory_unlock(" + PG_LOCK_KEY + ")");
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("schema migration failed: " + e.getMessage(), e);
        }
    }

    private static List<Integer> migrate(Connection c, Dialect dialect) throws SQLException {
        ensureVersionTable(c);
        List<Integer> applied = new ArrayList<>();
        for (String script : SCRIPTS) {
            int version = Integer.parseInt(script.substring(1, script.indexOf("__")));
            String sql = read(dialect.folder() + "/" + script + ".sql");
            String checksum = sha256(sql);
            String known = appliedChecksum(c, version);
            if (known != null) {
                if (!known.equals(checksum)) {
                    throw new SQLException("migration " + script + " was applied with other contents (checksum "
                            + known + ", now " + checksum + "); never edit an applied migration, add a new one");
                }
                continue;
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String statement : statements(sql)) {
                    s.execute(statement);
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO timeos_schema_version (version, script, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                    ps.setInt(1, version);
                    ps.setString(2, script);
                    ps.setString(3, checksum);
                    ps.setLong(4, System.currentTimeMillis());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            LOG.info(() -> "TimeOS schema: applied " + script + " (" + dialect + ")");
            applied.add(version);
        }
        return applied;
    }

    /**
     * Derby looks for a deadlock only once a transaction has waited {@code derby.locks.deadlockTimeout}, 20 s by
     * default: a deadlock would hold both sides (a batch of new jobs, an end of jobs holding their leases) that long.
     * One second, as PostgreSQL's {@code deadlock_timeout}. A waiter that is not in a deadlock keeps waiting, up to
     * {@code derby.locks.waitTimeout}. A database property, set at every start (it takes effect at once); a JVM system
     * property of the same name, set by an operator, still wins over it.
     */
    private static void findDeadlocksWithinASecond(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.deadlockTimeout', '1')");
        }
    }

    private static void ensureVersionTable(Connection c) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                if ("timeos_schema_version".equalsIgnoreCase(rs.getString("TABLE_NAME"))
                        && sameSchema(c, rs.getString("TABLE_SCHEM"))) {
                    return;
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE timeos_schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                    + "script VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL, applied_at BIGINT NOT NULL)");
        }
    }

    private static boolean sameSchema(Connection c, String schema) throws SQLException {
        String current = c.getSchema();
        return current == null || schema == null || current.equalsIgnoreCase(schema);
    }

    private static String appliedChecksum(Connection c, int version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT checksum FROM timeos_schema_version WHERE version = ?")) {
            ps.setInt(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Statements end with ';' at the end of a line; '--' lines are comments. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                out.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String read(String path) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing migration script db/migration/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.timeos.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The databases TimeOS speaks to; chosen from the connection, never from a build flag. */
public enum Dialect {
    DERBY("derby"),
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** Folder of this dialect's migration scripts under {@code db/migration}. */
    public String folder() {
        return folder;
    }

    public static Dialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("derby")) {
            return DERBY;
        }
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new SQLException("TimeOS supports Apache Derby and PostgreSQL, not " + product);
    }
}

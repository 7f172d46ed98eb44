package dev.timeos.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Derby's runtime statistics, for plan checks: which index a statement read, and how many rows it saw. */
public final class DerbyStatistics {

    private DerbyStatistics() {
    }

    /** From now on, Derby keeps the statistics of each statement this connection runs. */
    public static void collect(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
        }
    }

    /** The statistics of the last statement this connection ran. */
    public static String ofLast(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("VALUES SYSCS_UTIL.SYSCS_GET_RUNTIMESTATISTICS()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}

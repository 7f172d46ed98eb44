package dev.timeos.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Local transactions for the engine's own threads (dispatcher, completion writer, reaper), which run
 * outside any JTA transaction and want one commit for a whole batch.
 */
public final class Jdbc {

    private Jdbc() {
    }

    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    public static <T> T inTransaction(DataSource ds, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** {@code " IN (?, ?, ?)"} for {@code n} values (n ≥ 1), to bind with {@link #bindAll}. */
    public static String in(int n) {
        return " IN (" + String.join(", ", java.util.Collections.nCopies(n, "?")) + ")";
    }

    /** Binds {@code values} to the parameters from {@code first} on. @return the next parameter's index */
    public static int bindAll(java.sql.PreparedStatement ps, int first, java.util.List<String> values) throws SQLException {
        int i = first;
        for (String v : values) {
            ps.setString(i++, v);
        }
        return i;
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }
}

package dev.timeos.store;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Which store failures mean "another transaction was in the way", not "something is broken": the database rolled the
 * transaction back (SQLState class 40: a deadlock, a serialization failure, Derby's lock timeout) or gave up waiting
 * for a lock (PostgreSQL's 55P03). Nothing of the transaction was stored, and the same request a moment later can
 * succeed: the API answers these 503 with a Retry-After, not 500 (ProblemMappers).
 */
public final class Contention {

    private Contention() {
    }

    /** @return the database's own exception in {@code failure}'s causes when it is contention, else empty */
    public static Optional<SQLException> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    String state = e.getSQLState();
                    if (state != null && (state.startsWith("40") || state.equals("55P03"))) {
                        return Optional.of(e);
                    }
                }
            }
        }
        return Optional.empty();
    }
}

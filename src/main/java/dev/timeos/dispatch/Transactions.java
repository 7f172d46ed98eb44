package dev.timeos.dispatch;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One local transaction of the engine's own threads (outside any JTA transaction): the work commits as a whole
 * or not at all. In unit tests a fake runs the work against a fake repository.
 */
@FunctionalInterface
public interface Transactions {

    @FunctionalInterface
    interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    <T> T run(Work<T> work);
}

package dev.timeos.store;

import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The failures each database really raises when transactions get in each other's way, and one that is not that. */
class ContentionTest {

    /** Two transactions update two rows in opposite orders: PostgreSQL aborts one of them (40P01). */
    @Test
    void aRealPostgreSqlDeadlockIsContention() throws Exception {
        Deadlock deadlock = deadlock(TestDatabases.fresh(Dialect.POSTGRESQL));
        assertThat(Contention.of(new StoreException("update", deadlock.failure()))).get()
                .extracting(SQLException::getSQLState).isEqualTo("40P01");
    }

    /**
     * The same on Derby: it aborts one of them (40001), and finds out within a second or two, as PostgreSQL does, not
     * after its default 20 s (the migration sets the property, Migrations).
     */
    @Test
    void aRealDerbyDeadlockIsContentionAndFoundWithinSeconds() throws Exception {
        Deadlock deadlock = deadlock(TestDatabases.fresh(Dialect.DERBY));
        assertThat(Contention.of(new StoreException("update", deadlock.failure()))).get()
                .extracting(SQLException::getSQLState).isEqualTo("40001");
        assertThat(deadlock.seconds()).as("seconds until Derby saw the deadlock (its default is 20)").isLessThan(10);
    }

    private record Deadlock(Throwable failure, long seconds) {
    }

    /** Two transactions update rows 1 and 2 in opposite orders. @return the failure of the side aborted */
    private static Deadlock deadlock(DataSource ds) throws Exception {
        try (Connection setup = ds.getConnection(); Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE contended (id INT PRIMARY KEY, n INT)");
            s.execute("INSERT INTO contended VALUES (1, 0), (2, 0)");
        }
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            update(a, 1);
            update(b, 2);
            long start = System.nanoTime();
            Future<Throwable> bWantsOne = other.submit(() -> catchThrowable(() -> update(b, 1)));
            Throwable aWantsTwo = catchThrowable(() -> update(a, 2));
            Throwable bFailure = bWantsOne.get(30, TimeUnit.SECONDS);
            Throwable failure = aWantsTwo != null ? aWantsTwo : bFailure;
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertThat(failure).as("one side is aborted").isNotNull();
            a.rollback();
            b.rollback();
            return new Deadlock(failure, seconds);
        } finally {
            other.shutdownNow();
        }
    }

    /** Derby gives up waiting for a row lock with 40XL1 (its wait made one second here). */
    @Test
    void aRealDerbyLockTimeoutIsContention() throws Exception {
        DataSource ds = TestDatabases.fresh(Dialect.DERBY);
        try (Connection setup = ds.getConnection(); Statement s = setup.createStatement()) {
            s.execute("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.waitTimeout', '1')");
            s.execute("CREATE TABLE contended (id INT PRIMARY KEY, n INT)");
            s.execute("INSERT INTO contended VALUES (1, 0)");
        }
        try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            update(a, 1);
            Throwable timeout = catchThrowable(() -> update(b, 1));
            assertThat(Contention.of(timeout)).get().extracting(SQLException::getSQLState).isEqualTo("40XL1");
            a.rollback();
        }
    }

    /** A duplicate key is the request's own fault, not contention: it keeps its own answer. */
    @Test
    void aDuplicateKeyIsNotContention() throws Exception {
        DataSource ds = TestDatabases.fresh(Dialect.DERBY);
        Throwable duplicate;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE once (id INT PRIMARY KEY)");
            s.execute("INSERT INTO once VALUES (1)");
            duplicate = catchThrowable(() -> s.execute("INSERT INTO once VALUES (1)"));
        }
        assertThat(duplicate).isInstanceOf(SQLException.class);
        assertThat(Contention.of(new StoreException((SQLException) duplicate))).isEmpty();
        assertThat(Contention.of(new IllegalStateException("no database here"))).isEmpty();
    }

    private static void update(Connection c, int id) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE contended SET n = n + 1 WHERE id = " + id);
        }
    }
}

package dev.timeos.it;

/**
 * The PostgreSQL of the container tests that reach it themselves (schemas of their own, a proxy in front of it): the
 * build's {@code timeos.test.postgresql.host} / {@code .port} (the machine's, or the embedded one the build started
 * there: dev.timeos.store.PostgresForTests), database {@code test}, user {@code postgres}.
 */
final class TestPostgres {

    static final String HOST = System.getProperty("timeos.test.postgresql.host", "127.0.0.1");
    static final int PORT = Integer.getInteger("timeos.test.postgresql.port", 5432);

    private TestPostgres() {
    }

    /** The {@code test} database as {@code postgres}. */
    static String url() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/test?user=postgres";
    }

    /** The same, with {@code schema} as the current schema. */
    static String url(String schema) {
        return url() + "&currentSchema=" + schema;
    }
}

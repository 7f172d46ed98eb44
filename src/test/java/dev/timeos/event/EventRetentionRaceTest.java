package dev.timeos.event;

import dev.timeos.store.Dialect;
import dev.timeos.store.Jdbc;
import dev.timeos.store.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replay racing retention, on both real databases. The replay's job is not committed while retention's delete runs,
 * so the delete's {@code NOT EXISTS} cannot see it; on PostgreSQL the delete, having waited for the event's row,
 * re-checks that row against its own snapshot of the jobs. Before, retention removed the event, the replay answered
 * 200, and its job pointed to an event that no longer existed.
 */
class EventRetentionRaceTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    /** Retention of one day, run ten days later. */
    private static final Instant CUTOFF = T0.plus(Duration.ofDays(1));
    private static final Instant NOW = T0.plus(Duration.ofDays(10));
    private static final Duration BOUND = Duration.ofSeconds(30);

    static List<Dialect> dialects() {
        return TestDatabases.dialects();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aReplayUnderWayKeepsItsEventFromRetentionWhichCountsFromTheReplay(Dialect d) throws Exception {
        DataSource ds = TestDatabases.fresh(d);
        EventStore store = new EventStore(ds, d);
        assertThat(store.insertOrFindDuplicate("old", new TemporalEvent("t", null, null, null), T0, T0)).isEmpty();
        assertThat(store.markProcessed("old", T0)).isTrue();
        assertThat(count(ds)).as("eligible before the replay").isEqualTo(1);

        ExecutorService retention = Executors.newSingleThreadExecutor();
        try (Connection replay = ds.getConnection()) {
            replay.setAutoCommit(false);
            // The replay's first write (EventService.replay), then the job it makes, not yet committed.
            assertThat(EventStore.markProcessed(replay, "old", NOW)).isTrue();
            insertJobOf(replay, "old");
            Future<Integer> removed = retention.submit(() -> Jdbc.inTransaction(ds, c -> EventRetention.delete(c, CUTOFF, 10)));
            await().atMost(BOUND).until(() -> TestDatabases.blockedBy(ds, d, replay));
            replay.commit();
            assertThat(removed.get(BOUND.toSeconds(), TimeUnit.SECONDS)).as("events removed").isZero();
        } finally {
            retention.shutdownNow();
        }
        assertThat(store.get("old")).as("the replayed job's event").isPresent();

        // Its job gone, the event still waits out its retention from the replay, not from its creation.
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM timeos_job")) {
            ps.executeUpdate();
        }
        assertThat(count(ds)).isZero();
        assertThat((int) Jdbc.inTransaction(ds, c -> EventRetention.delete(c, NOW.plus(Duration.ofDays(1)), 10))).isEqualTo(1);
        assertThat(store.get("old")).isEmpty();
    }

    /** A replay that comes after retention removed its event finds nothing: a 404, no job. */
    @ParameterizedTest
    @MethodSource("dialects")
    void aReplayAfterRetentionFindsNoEvent(Dialect d) throws Exception {
        DataSource ds = TestDatabases.fresh(d);
        EventStore store = new EventStore(ds, d);
        store.insertOrFindDuplicate("old", new TemporalEvent("t", null, null, null), T0, T0);
        store.markProcessed("old", T0);
        assertThat((int) Jdbc.inTransaction(ds, c -> EventRetention.delete(c, CUTOFF, 10))).isEqualTo(1);
        assertThat(store.markProcessed("old", NOW)).isFalse();
    }

    private static long count(DataSource ds) {
        return Jdbc.inTransaction(ds, c -> EventRetention.count(c, CUTOFF));
    }

    private static void insertJobOf(Connection c, String eventId) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO timeos_job (id, action_name, args, perform_at, "
                + "priority, status, attempt, max_attempts, backoff_ms, event_id, created_at, updated_at, version) "
                + "VALUES ('job-of-replay', 'noop', '{}', ?, 0, 'SCHEDULED', 0, 3, 1000, ?, ?, ?, 0)")) {
            ps.setLong(1, NOW.toEpochMilli());
            ps.setString(2, eventId);
            ps.setLong(3, NOW.toEpochMilli());
            ps.setLong(4, NOW.toEpochMilli());
            ps.executeUpdate();
        }
    }
}

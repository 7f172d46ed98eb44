package dev.timeos.event;

import dev.timeos.store.Dialect;
import dev.timeos.store.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A keyed event is stored once per key, on both real databases. The race a review found: the insert is refused because
 * another event holds the key, and retention removes that event before its holder is read. The key is free then: the
 * event is stored, where the answer used to be an IllegalStateException (a 500).
 */
class IdempotencyKeySqlTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final TemporalEvent KEYED = new TemporalEvent("order_placed", null, "order-1", null);

    static List<Dialect> dialects() {
        return TestDatabases.dialects();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aSecondEventWithTheKeyAnswersTheFirst(Dialect d) {
        EventStore store = new EventStore(TestDatabases.fresh(d), d);
        assertThat(store.insertOrFindDuplicate("first", KEYED, T0, T0)).isEmpty();
        assertThat(store.insertOrFindDuplicate("second", KEYED, T0, T0)).get().extracting(StoredEvent::id).isEqualTo("first");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aKeyWhoseHolderRetentionRemovedMeanwhileIsTakenAfresh(Dialect d) throws SQLException {
        DataSource ds = TestDatabases.fresh(d);
        EventStore store = new EventStore(ds, d) {
            @Override
            void betweenRefusedInsertAndRead() {
                // Retention, in a transaction of its own, removes the event that held the key.
                try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM timeos_event WHERE idempotency_key = ?")) {
                    ps.setString(1, KEYED.idempotencyKey());
                    ps.executeUpdate();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        assertThat(store.insertOrFindDuplicate("first", KEYED, T0, T0)).isEmpty();
        assertThat(store.insertOrFindDuplicate("second", KEYED, T0, T0)).as("stored, not a duplicate").isEmpty();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM timeos_event WHERE idempotency_key = ?")) {
            ps.setString(1, KEYED.idempotencyKey());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("second");
            }
        }
    }
}

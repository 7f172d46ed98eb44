package dev.timeos.examples.shop;

import dev.timeos.event.TemporalEvent;
import dev.timeos.store.Database;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * The shop's business: orders, in a table of its own ({@code shop_order}) on TimeOS's data source. Placing an order
 * writes the row and fires {@code order_placed} in one JTA transaction: TimeOS stores the event and the jobs of its
 * rules on the same connection, so they commit or roll back with the order. That holds because both are on the
 * same data source ({@link Database#JNDI_NAME}); on two non-XA data sources the server refuses the second one.
 */
@ApplicationScoped
// The host names TimeOS's data source: this declares the reference java:app/jdbc/timeos, which WEB-INF/ibm-web-bnd.xml
// binds to the server's jdbc/timeos (the classes jar declares nothing: README, "Embedding").
@Resource(name = Database.JNDI_NAME, type = DataSource.class)
public class Orders {

    static final String ORDER_PLACED = "order_placed";

    /** TimeOS's data source, shared on purpose (see above). */
    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    @Inject
    Event<TemporalEvent> events;

    /** The shop's own clock (ShopClock), not TimeOS's. */
    @Inject
    Clock clock;

    /** An order as the shop keeps it. */
    public record Order(String id, String item, Instant placedAt, String status, String confirmedByJob) {
    }

    /** A business refusal after the event was fired: the whole transaction, event and jobs included, rolls back. */
    public static class OrderRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OrderRefused(String message) {
            super(message);
        }
    }

    /** The shop's table, made at startup when it is missing (Derby has no CREATE TABLE IF NOT EXISTS). */
    void createTable(@Observes @Initialized(ApplicationScoped.class) Object started) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[]{"TABLE"})) {
                while (rs.next()) {
                    if (rs.getString("TABLE_NAME").equalsIgnoreCase("shop_order")) {
                        return;
                    }
                }
            }
            s.execute("CREATE TABLE shop_order (id VARCHAR(64) PRIMARY KEY, item VARCHAR(200) NOT NULL, "
                    + "placed_at TIMESTAMP NOT NULL, status VARCHAR(20) NOT NULL, confirmed_by_job VARCHAR(64))");
        }
    }

    /**
     * Writes the order and fires {@code order_placed}, in one transaction. With {@code refuseAfterEvent}, a business
     * rule says no after both happened: nothing of it stays, neither the order nor TimeOS's event and jobs.
     */
    @Transactional
    public Order place(String id, String item, boolean refuseAfterEvent) throws SQLException {
        // To the millisecond, as TimeOS keeps instants: the order and its event tell the same time.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO shop_order (id, item, placed_at, status) VALUES (?, ?, ?, 'PLACED')")) {
            ps.setString(1, id);
            ps.setString(2, item);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.executeUpdate();
        }
        events.fire(TemporalEvent.of(ORDER_PLACED, Map.of("order_id", id, "item", item))
                .idempotencyKey("order-" + id).occurredAt(now));
        if (refuseAfterEvent) {
            throw new OrderRefused("order " + id + " refused after its event was fired");
        }
        return new Order(id, item, now, "PLACED", null);
    }

    /** The confirm_order action's write: idempotent, the first job to confirm is kept. */
    @Transactional
    public void confirm(String id, String jobId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE shop_order SET status = 'CONFIRMED', confirmed_by_job = ? WHERE id = ? AND status = 'PLACED'")) {
            ps.setString(1, jobId);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    public Optional<Order> find(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT item, placed_at, status, confirmed_by_job FROM shop_order WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Order(id, rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4)))
                        : Optional.empty();
            }
        }
    }
}

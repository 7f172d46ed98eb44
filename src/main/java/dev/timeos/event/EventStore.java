package dev.timeos.event;

import dev.timeos.json.JsonP;
import dev.timeos.job.Page;
import dev.timeos.lifecycle.RateLimited;
import dev.timeos.store.Dialect;
import dev.timeos.store.Jdbc;
import dev.timeos.store.OneWriterAtATime;
import dev.timeos.store.StoreException;
import jakarta.json.JsonObject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Events in plain SQL on the caller's (JTA-enlisted) connection. Plain SQL because of idempotency: the
 * unique key decides between two concurrent emits, and a lost race must not doom the transaction
 * (PostgreSQL: {@code ON CONFLICT DO NOTHING}; Derby: a refused statement rolls back only itself).
 */
class EventStore {

    private static final String DUPLICATE_KEY = "23505";
    private static final String COLUMNS = "id, type, payload, idempotency_key, occurred_at, created_at, processed_at";

    private final DataSource ds;
    private final Dialect dialect;
    /** Derby's batch inserts of events, and of decisions, take turns: faster than side by side (OneWriterAtATime). */
    private final OneWriterAtATime eventInsertTurns = new OneWriterAtATime(OneWriterAtATime.PATIENCE);
    private final OneWriterAtATime decisionInsertTurns = new OneWriterAtATime(OneWriterAtATime.PATIENCE);

    EventStore(DataSource ds, Dialect dialect) {
        this.ds = ds;
        this.dialect = dialect;
    }

    /**
     * Inserts the event, or, when its idempotency key is taken, answers the event that holds it. The holder can be gone
     * by the time it is read (retention removed it in between): the key is free then, and the insert is tried again.
     */
    Optional<StoredEvent> insertOrFindDuplicate(String id, TemporalEvent e, Instant occurredAt, Instant now) {
        try (Connection c = ds.getConnection()) {
            for (int attempt = 1; ; attempt++) {
                if (insert(c, id, e, occurredAt, now)) {
                    return Optional.empty();
                }
                betweenRefusedInsertAndRead();
                Optional<StoredEvent> holder = byKey(c, e.idempotencyKey());
                if (holder.isPresent() || attempt == 3) {
                    return Optional.of(holder.orElseThrow(() -> new IllegalStateException("idempotency key '"
                            + e.idempotencyKey() + "' is taken but its event is not visible")));
                }
            }
        } catch (SQLException ex) {
            throw new StoreException(ex);
        }
    }

    /** A new event without an idempotency key, with its id and the instant it occurred (millisecond precision). */
    record NewEvent(String id, TemporalEvent event, Instant occurredAt) {
        NewEvent {
            if (event.idempotencyKey() != null) {
                throw new IllegalArgumentException("a keyed event may be a duplicate: insert it with insertOrFindDuplicate");
            }
        }
    }

    /**
     * Inserts events that cannot be duplicates (no idempotency key), already processed at {@code now} (their jobs and
     * decisions are written in the same transaction): one JDBC batch.
     */
    void insertProcessed(List<NewEvent> events, Instant now) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO timeos_event (id, type, payload, occurred_at, "
                     + "created_at, processed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (NewEvent e : events) {
                ps.setString(1, e.id());
                ps.setString(2, e.event().type());
                ps.setString(3, e.event().payload().toString());
                ps.setLong(4, e.occurredAt().toEpochMilli());
                ps.setLong(5, now.toEpochMilli());
                ps.setLong(6, now.toEpochMilli());
                ps.addBatch();
            }
            eventInsertTurns.executeBatch(ps, dialect);
        } catch (SQLException ex) {
            throw new StoreException(ex);
        }
    }

    /** Where retention can remove the key's holder between the refused insert and the read (tests make it happen there). */
    void betweenRefusedInsertAndRead() {
    }

    private boolean insert(Connection c, String id, TemporalEvent e, Instant occurredAt, Instant now) throws SQLException {
        String sql = "INSERT INTO timeos_event (id, type, payload, idempotency_key, occurred_at, created_at) VALUES (?, ?, ?, ?, ?, ?)"
                + (dialect == Dialect.POSTGRESQL ? " ON CONFLICT (idempotency_key) DO NOTHING" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.setString(2, e.type());
            ps.setString(3, e.payload().toString());
            if (e.idempotencyKey() == null) {
                ps.setNull(4, Types.VARCHAR);
            } else {
                ps.setString(4, e.idempotencyKey());
            }
            ps.setLong(5, occurredAt.toEpochMilli());
            ps.setLong(6, now.toEpochMilli());
            return ps.executeUpdate() == 1;
        } catch (SQLException ex) {
            if (DUPLICATE_KEY.equals(ex.getSQLState()) && e.idempotencyKey() != null) {
                return false;
            }
            throw ex;
        }
    }

    private Optional<StoredEvent> byKey(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM timeos_event WHERE idempotency_key = ?")) {
            ps.setString(1, key);
            return one(ps);
        }
    }

    Optional<StoredEvent> get(String id) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM timeos_event WHERE id = ?")) {
            ps.setString(1, id);
            return one(ps);
        } catch (SQLException ex) {
            throw new StoreException(ex);
        }
    }

    /**
     * Records that the event was evaluated now. The write holds the event's row until the caller's transaction ends;
     * retention spares an event processed after its cutoff ({@link EventRetention}).
     *
     * @return false when no such event exists (retention removed it, or it never was)
     */
    boolean markProcessed(String id, Instant now) {
        try (Connection c = ds.getConnection()) {
            return markProcessed(c, id, now);
        } catch (SQLException ex) {
            throw new StoreException(ex);
        }
    }

    static boolean markProcessed(Connection c, String id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE timeos_event SET processed_at = ? WHERE id = ?")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Newest first. {@code processed}: null for all. */
    Page<StoredEvent> list(String type, Boolean processed, int limit, int offset) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (type != null) {
            where.append(" AND type = ?");
            params.add(type);
        }
        if (processed != null) {
            where.append(processed ? " AND processed_at IS NOT NULL" : " AND processed_at IS NULL");
        }
        try (Connection c = ds.getConnection()) {
            List<StoredEvent> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM timeos_event" + where
                    + " ORDER BY created_at DESC, id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                int i = bind(ps, params);
                ps.setInt(i, offset);
                ps.setInt(i + 1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(read(rs));
                    }
                }
            }
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM timeos_event" + where)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            return new Page<>(items, total);
        } catch (SQLException ex) {
            throw new StoreException(ex);
        }
    }

    long count() {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM timeos_event");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException ex) {
            throw new StoreException(ex);
        }
    }

    /** The decisions of the event's latest evaluation replace those of any earlier one (a replay). */
    void replaceDecisions(String eventId, List<RuleDecision> decisions, Instant now) {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM timeos_event_rule WHERE event_id = ?")) {
                ps.setString(1, eventId);
                ps.executeUpdate();
            }
            insertDecisions(c, Map.of(eventId, decisions), now);
        } catch (SQLException ex) {
            throw new StoreException(ex);
        }
    }

    /** The decisions of events evaluated for the first time (none recorded yet), by event id: one batch. */
    void insertDecisions(Map<String, List<RuleDecision>> byEvent, Instant now) {
        try (Connection c = ds.getConnection()) {
            insertDecisions(c, byEvent, now);
        } catch (SQLException ex) {
            throw new StoreException(ex);
        }
    }

    private void insertDecisions(Connection c, Map<String, List<RuleDecision>> byEvent, Instant now)
            throws SQLException {
        if (byEvent.values().stream().allMatch(List::isEmpty)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO timeos_event_rule (event_id, rule_id, matched, "
                + "reason, job_id, evaluated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, List<RuleDecision>> event : byEvent.entrySet()) {
                for (RuleDecision d : event.getValue()) {
                    ps.setString(1, event.getKey());
                    ps.setString(2, d.ruleId());
                    ps.setBoolean(3, d.matched());
                    ps.setString(4, d.reason());
                    if (d.jobId() == null) {
                        ps.setNull(5, Types.VARCHAR);
                    } else {
                        ps.setString(5, d.jobId());
                    }
                    ps.setLong(6, now.toEpochMilli());
                    ps.addBatch();
                }
            }
            decisionInsertTurns.executeBatch(ps, dialect);
        }
    }

    /** The decisions of the event's latest evaluation, by rule id. */
    List<RuleDecision> decisions(String eventId) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT rule_id, matched, reason, job_id, limited_by, limit_per_minute, "
                     + "deferred_to FROM timeos_event_rule WHERE event_id = ? ORDER BY rule_id")) {
            ps.setString(1, eventId);
            List<RuleDecision> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String limitedBy = rs.getString(5);
                    RuleDecision.RateLimit limited = limitedBy == null ? null
                            : new RuleDecision.RateLimit(limitedBy, rs.getInt(6), Instant.ofEpochMilli(rs.getLong(7)));
                    out.add(RuleDecision.stored(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4), limited));
                }
            }
            return out;
        } catch (SQLException ex) {
            throw new StoreException(ex);
        }
    }

    /**
     * Keeps each job's first deferral by a rate limit with the decision that made the job. That decision is keyed by
     * the job's event and rule (jobs of time rules and direct jobs have no event, and change nothing), so it is found
     * by its key, with no index on the job it names (V12): the events of the batch's jobs are read first. A later
     * deferral of the same job changes nothing either, so that the event keeps saying when the job first waited. Two
     * statements on the caller's connection, at most {@code limited.size()} rows each.
     */
    static void noteRateLimited(Connection c, List<RateLimited> limited) throws SQLException {
        List<String> ids = limited.stream().filter(r -> r.ruleId() != null).map(RateLimited::jobId).distinct().toList();
        if (ids.isEmpty()) {
            return;
        }
        Map<String, String> eventOfJob = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, event_id FROM timeos_job WHERE event_id IS NOT NULL "
                + "AND id" + Jdbc.in(ids.size()))) {
            Jdbc.bindAll(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    eventOfJob.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        if (eventOfJob.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE timeos_event_rule SET limited_by = ?, limit_per_minute = ?, "
                + "deferred_to = ? WHERE event_id = ? AND rule_id = ? AND job_id = ? AND limited_by IS NULL")) {
            for (RateLimited r : limited) {
                String eventId = r.ruleId() == null ? null : eventOfJob.get(r.jobId());
                if (eventId == null) {
                    continue;
                }
                ps.setString(1, r.limitedBy());
                ps.setInt(2, r.limitPerMinute());
                ps.setLong(3, r.deferredTo().toEpochMilli());
                ps.setString(4, eventId);
                ps.setString(5, r.ruleId());
                ps.setString(6, r.jobId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Stored events of one type that occurred in [from, to), oldest first, at most {@code limit}: what a dry run reads. */
    List<StoredEvent> occurredBetween(String type, Instant from, Instant to, int limit) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM timeos_event WHERE type = ? "
                     + "AND occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at, id FETCH FIRST " + limit + " ROWS ONLY")) {
            ps.setString(1, type);
            ps.setLong(2, from.toEpochMilli());
            ps.setLong(3, to.toEpochMilli());
            List<StoredEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException ex) {
            throw new StoreException(ex);
        }
    }

    private static int bind(PreparedStatement ps, List<Object> params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            ps.setString(i++, (String) p);
        }
        return i;
    }

    private static Optional<StoredEvent> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private static StoredEvent read(ResultSet rs) throws SQLException {
        JsonObject payload = JsonP.readObject(rs.getString(3));
        long processed = rs.getLong(7);
        Instant processedAt = rs.wasNull() ? null : Instant.ofEpochMilli(processed);
        return new StoredEvent(rs.getString(1), rs.getString(2), payload, rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)),
                Instant.ofEpochMilli(rs.getLong(6)), processedAt, List.of());
    }
}

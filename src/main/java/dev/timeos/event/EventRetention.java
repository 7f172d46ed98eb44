package dev.timeos.event;

import dev.timeos.store.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Removing old events (issue 11's retention), with their rule decisions. An event goes only when it was stored before
 * the cutoff and no job refers to it any more: a job (pending, or kept as a dead letter) must always be able to say
 * which event made it and why. Its idempotency key is free again once it is gone. Runs on the caller's connection,
 * one bounded batch per call.
 */
public final class EventRetention {

    private static final String OLD = " FROM timeos_event WHERE created_at < ? AND NOT EXISTS "
            + "(SELECT 1 FROM timeos_job j WHERE j.event_id = timeos_event.id)";

    private EventRetention() {
    }

    /** How many events {@link #delete} would remove with no limit. */
    public static long count(Connection c, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + OLD)) {
            ps.setLong(1, before.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Removes at most {@code limit} events stored before {@code before} that no job refers to, and their decisions.
     *
     * @return how many events were removed
     */
    public static int delete(Connection c, Instant before, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id" + OLD + " ORDER BY created_at FETCH FIRST "
                + Math.max(1, limit) + " ROWS ONLY")) {
            ps.setLong(1, before.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        String in = Jdbc.in(ids.size());
        int removed;
        // Conditional again: a replay that made a job for one of them since the select keeps it.
        try (PreparedStatement ps = c.prepareStatement("DELETE" + OLD + " AND id" + in)) {
            ps.setLong(1, before.toEpochMilli());
            Jdbc.bindAll(ps, 2, ids);
            removed = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM timeos_event_rule WHERE event_id" + in
                + " AND NOT EXISTS (SELECT 1 FROM timeos_event e WHERE e.id = timeos_event_rule.event_id)")) {
            Jdbc.bindAll(ps, 1, ids);
            ps.executeUpdate();
        }
        return removed;
    }
}

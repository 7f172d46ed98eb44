package dev.timeos.event;

import dev.timeos.store.BoundedDelete;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Removing old events (issue 11's retention), with their rule decisions. An event goes only when it was stored before
 * the cutoff and no job refers to it any more: a job (pending, or kept as a dead letter) must always be able to say
 * which event made it and why. Its idempotency key is free again once it is gone. Runs on the caller's connection,
 * one bounded batch per call; the delete repeats the condition, so a replay that made a job for one of them since the
 * select keeps it.
 * <p>
 * A replay under way when the delete runs is the hard case: its jobs are not committed, so {@code NOT EXISTS} cannot
 * see them, and on PostgreSQL a row lock alone would not help (the delete re-checks a row it waited for against its
 * own snapshot of the jobs). So an event is removed only if it was also last processed before the cutoff: a replay
 * first marks its event processed now ({@code EventService.replay}), the delete waits for that row, and its re-check
 * of the row itself then spares it. Retention of a replayed event thus counts from its replay.
 */
public final class EventRetention {

    private static final BoundedDelete OLD = new BoundedDelete(" FROM timeos_event WHERE created_at < ? "
            + "AND (processed_at IS NULL OR processed_at < ?) "
            + "AND NOT EXISTS (SELECT 1 FROM timeos_job j WHERE j.event_id = timeos_event.id)", "created_at", null,
            "timeos_event_rule", "event_id");

    private EventRetention() {
    }

    /** How many events {@link #delete} would remove with no limit. */
    public static long count(Connection c, Instant before) throws SQLException {
        return OLD.count(c, storedBefore(before));
    }

    /**
     * Removes at most {@code limit} events stored before {@code before} that no job refers to, and their decisions.
     *
     * @return how many events were removed
     */
    public static int delete(Connection c, Instant before, int limit) throws SQLException {
        return OLD.run(c, storedBefore(before), limit);
    }

    private static BoundedDelete.Condition storedBefore(Instant before) {
        return (ps, bounded) -> {
            ps.setLong(1, before.toEpochMilli());
            ps.setLong(2, before.toEpochMilli());
            return 3;
        };
    }
}

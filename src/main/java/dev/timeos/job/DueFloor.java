package dev.timeos.job;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Derby only: a lower bound on the due time of every claimable job, so that the claim's read of due jobs and the
 * probe for the next due job start at it instead of at the front of their status in the due index.
 * <p>
 * Why: claims take jobs from the front of that range, in due order, and Derby frees a B-tree leaf they emptied only
 * when its post-commit work gets the whole table's lock without waiting ({@code BTreePostCommit}), which a busy node
 * never gives it; the empty leaves stay linked in front of the first live entry, for good. A read from the front walked
 * every one of them, locking the deleted entries left on them: after 40,000 jobs under load, 467 leaves and 1,172
 * deleted entries for one {@code MIN(perform_at)}, which found one row. The dispatcher made two such reads a tick,
 * and they allocated four fifths of its garbage. A read from the floor descends to the first live entry: 3 leaves.
 * <p>
 * Why it is safe: every repository write that can make a job claimable {@linkplain #lower lowers} the floor to its due
 * time (or {@linkplain #forget forgets} it when the due time is not known here) after its statement and before its
 * commit. A read takes a {@link Snapshot}, reads from its bound, and {@linkplain #raise raises} the floor to the
 * soonest it found only if nothing was lowered in between: a write that lowered before the snapshot had already
 * written its row, and Derby's read (read committed, locking) waits for an uncommitted row instead of passing it.
 * As a net for a write that would not tell, a snapshot at least every {@link #REFRESH} has no bound.
 * <p>
 * That net walks the whole chain, and it was once a second: after a drain of 100,000 jobs with 1,000,000 pending, the
 * chain in front of {@code SCHEDULED} was 1,624 leaves, more than Derby's whole page cache (1,000 pages), so each such
 * read also evicted every hot page, and jobs started 277-346 ms late at the median (p99 580-828 ms) in three runs;
 * with the net every 30 s, 0 / 7 / 58 ms (p50 / p99 / max). Every write of a job goes through this repository in this
 * JVM (embedded Derby opens a database in one JVM only; JPA never writes jobs), each one lowering the floor and each
 * tested for it (DueFloorRepositoryTest), so the net is for a missed case only, and 30 s bounds what it would cost.
 */
final class DueFloor {

    /** How often a read starts from the front whatever the floor says (see above for why not more often). */
    static final Duration REFRESH = Duration.ofSeconds(30);
    /** No bound: the read starts at the front of the range. */
    static final long NONE = Long.MIN_VALUE;

    /** What a read starts from, and what it needs to raise the floor afterwards. */
    record Snapshot(long bound, long lowerings, long takenAt) {
    }

    private final LongSupplier nanoTime;
    private final long refreshNanos;
    private long floor = NONE;
    /** Counts lowerings: a read raises the floor only if none happened while it read. */
    private long lowerings;
    /** When the last read from the front began (the net). */
    private long lastFullRead;

    DueFloor(LongSupplier nanoTime, Duration refresh) {
        this.nanoTime = nanoTime;
        this.refreshNanos = refresh.toNanos();
        this.lastFullRead = nanoTime.getAsLong();
    }

    synchronized Snapshot snapshot() {
        long now = nanoTime.getAsLong();
        long bound = now - lastFullRead >= refreshNanos ? NONE : floor;
        return new Snapshot(bound, lowerings, now);
    }

    /** After a write that may have made a job claimable, due at {@code dueMillis}. */
    synchronized void lower(long dueMillis) {
        floor = Math.min(floor, dueMillis);
        lowerings++;
    }

    /** After a write that may have made jobs claimable whose due times are not known here. */
    synchronized void forget() {
        floor = NONE;
        lowerings++;
    }

    /**
     * After a read of every claimable job due at or after {@code s.bound()} (none left out: not by action, not by a
     * limit): {@code soonest} is the earliest due time it found, empty if none.
     */
    synchronized void raise(Snapshot s, OptionalLong soonest) {
        if (s.bound() == NONE) {
            lastFullRead = Math.max(lastFullRead, s.takenAt());
        }
        if (lowerings == s.lowerings()) {
            floor = soonest.orElse(Long.MAX_VALUE);
        }
    }
}

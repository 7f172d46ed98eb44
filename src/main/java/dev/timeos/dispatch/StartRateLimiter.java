package dev.timeos.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Limits how many jobs start per minute, per key (a rule, or an action).
 * <p>
 * Semantics: a sliding-window log, not a plain token bucket. A start is allowed only if fewer than
 * {@code limit} starts were allowed in the last minute {@code (now - 1 min, now]}; otherwise the job must wait
 * until the oldest of those starts leaves the window. So no window of one minute, wherever it is placed, ever
 * sees more than {@code limit} starts. A token bucket of capacity {@code limit} refilled at {@code limit}/min
 * would let a full bucket go at once and the refill follow within the same minute (up to 2 × limit in one
 * minute); "60 per minute" here means at most 60 in any 60 seconds, which is what a downstream quota means.
 * The price is one timestamp per allowed start in the window (at most {@code limit} per key). The ring holding them
 * grows with the starts actually made, not with the limit: a limit of two billion per minute costs what its starts
 * cost, where a ring sized by the limit once threw OutOfMemoryError in the dispatcher's tick.
 * <p>
 * Limits are per node: each node keeps its own log in memory. With N nodes a limit of L can reach N × L per
 * minute cluster-wide; a cluster-wide limit would need the database (a shared log or counter table).
 * <p>
 * Not thread-safe on its own terms beyond its monitor: the dispatcher calls it from one tick at a time.
 */
public final class StartRateLimiter {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Clock clock;
    private final Map<String, Starts> logs = new HashMap<>();

    public StartRateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Slots a key's ring starts with; it doubles, up to the limit, as starts fill it. */
    static final int FIRST_SLOTS = 16;

    /**
     * The starts allowed for one key within the last window, oldest first, in a ring of at most {@code limit} slots
     * that grows as it fills.
     */
    private static final class Starts {
        int limit;
        long[] ring;
        int head;
        int size;

        Starts(int limit) {
            this.limit = limit;
            ring = new long[Math.min(limit, FIRST_SLOTS)];
        }

        void forgetBefore(long cutoffExclusive) {
            while (size > 0 && ring[head] <= cutoffExclusive) {
                head = (head + 1) % ring.length;
                size--;
            }
        }

        /** A new limit: keeps the newest starts that fit under it. */
        void limit(int newLimit) {
            limit = newLimit;
            if (ring.length > newLimit || size > newLimit) {
                copyInto(new long[Math.min(newLimit, Math.max(size, FIRST_SLOTS))]);
            }
        }

        private void copyInto(long[] next) {
            int keep = Math.min(size, next.length);
            // Keep the newest: they are the ones still blocking the longest.
            for (int i = 0; i < keep; i++) {
                next[i] = ring[(head + size - keep + i) % ring.length];
            }
            ring = next;
            head = 0;
            size = keep;
        }

        long oldest() {
            return ring[head];
        }

        boolean full() {
            return size >= limit;
        }

        void add(long at) {
            if (size == ring.length) {
                copyInto(new long[(int) Math.min(limit, 2L * ring.length)]);
            }
            ring[(head + size) % ring.length] = at;
            size++;
        }
    }

    /**
     * When a start for {@code key} could happen under {@code limitPerMinute}: empty means now. Records nothing;
     * call {@link #record} once the start is decided (a job may need the permission of several keys).
     */
    public synchronized Optional<Instant> nextFreeSlot(String key, int limitPerMinute) {
        if (limitPerMinute <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limitPerMinute);
        }
        long now = clock.millis();
        Starts s = starts(key, limitPerMinute, now);
        if (!s.full()) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(s.oldest() + WINDOW.toMillis()));
    }

    /** Records a start for {@code key} now; the caller checked {@link #nextFreeSlot} first. */
    public synchronized void record(String key, int limitPerMinute) {
        long now = clock.millis();
        Starts s = starts(key, limitPerMinute, now);
        if (s.full()) {
            throw new IllegalStateException("no free slot for " + key + ": check nextFreeSlot first");
        }
        s.add(now);
    }

    private Starts starts(String key, int limit, long now) {
        Starts s = logs.computeIfAbsent(key, k -> new Starts(limit));
        if (s.limit != limit) {
            s.limit(limit);
        }
        s.forgetBefore(now - WINDOW.toMillis());
        return s;
    }

    /** For tests: the slots the key's ring holds now. */
    synchronized int slots(String key) {
        Starts s = logs.get(key);
        return s == null ? 0 : s.ring.length;
    }
}

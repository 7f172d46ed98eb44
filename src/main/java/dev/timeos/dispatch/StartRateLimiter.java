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
 * The price is one timestamp per allowed start in the window (at most {@code limit} per key).
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

    /** The starts allowed for one key within the last window, oldest first, in a ring of {@code limit} slots. */
    private static final class Starts {
        long[] ring;
        int head;
        int size;

        Starts(int limit) {
            ring = new long[limit];
        }

        void forgetBefore(long cutoffExclusive) {
            while (size > 0 && ring[head] <= cutoffExclusive) {
                head = (head + 1) % ring.length;
                size--;
            }
        }

        void resize(int limit) {
            long[] next = new long[limit];
            int keep = Math.min(size, limit);
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

        void add(long at) {
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
        if (s.size < limitPerMinute) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(s.oldest() + WINDOW.toMillis()));
    }

    /** Records a start for {@code key} now; the caller checked {@link #nextFreeSlot} first. */
    public synchronized void record(String key, int limitPerMinute) {
        long now = clock.millis();
        Starts s = starts(key, limitPerMinute, now);
        if (s.size == s.ring.length) {
            throw new IllegalStateException("no free slot for " + key + ": check nextFreeSlot first");
        }
        s.add(now);
    }

    private Starts starts(String key, int limit, long now) {
        Starts s = logs.computeIfAbsent(key, k -> new Starts(limit));
        if (s.ring.length != limit) {
            s.resize(limit);
        }
        s.forgetBefore(now - WINDOW.toMillis());
        return s;
    }
}

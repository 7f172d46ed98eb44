package dev.timeos.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a time-triggered rule fires: the closed set of trigger kinds that produce fire times.
 *
 * <p>Every implementation is pure (no clock, no I/O) so that callers can list the next fire times
 * of any rule uniformly, and so that the misfire logic in {@link Misfires} can be tested without
 * waiting.
 */
public sealed interface Schedule permits CronSchedule, WeeklySchedule, IntervalSchedule, OnceSchedule {

    /** The first fire time strictly after {@code after}, or empty if there is none (ever). */
    Optional<Instant> nextAfter(Instant after);

    /** Up to {@code count} fire times strictly after {@code after}, ascending, without duplicates. */
    default List<Instant> next(Instant after, int count) {
        Objects.requireNonNull(after, "after");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        List<Instant> result = new ArrayList<>(Math.min(count, 1024));
        Instant cursor = after;
        while (result.size() < count) {
            Optional<Instant> next = nextAfter(cursor);
            if (next.isEmpty()) {
                break;
            }
            cursor = next.get();
            result.add(cursor);
        }
        return result;
    }
}

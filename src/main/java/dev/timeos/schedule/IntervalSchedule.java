package dev.timeos.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code every} trigger: a fixed interval of real elapsed time (never wall-clock time, so DST
 * changes do not affect it), after an initial delay.
 *
 * <p>{@code anchor} is the instant the schedule started counting from (typically when the rule was
 * created or enabled). The planned fire times are {@code anchor + initialDelay + k * interval},
 * k = 0, 1, 2... With {@link Mode#FIXED_DELAY} the real run times depend on how long each run took,
 * which is only known at run time ({@link #nextAfter(Instant, Instant)}); the anchored listing of
 * {@link #nextAfter(Instant)} then assumes runs that take no time, and is a preview only.
 */
public record IntervalSchedule(Duration interval, Duration initialDelay, Mode mode, Instant anchor)
        implements Schedule {

    public enum Mode {
        /** Each run is planned {@code interval} after the previous planned time (no drift). */
        FIXED_RATE("fixed-rate"),
        /** Each run is planned {@code interval} after the previous run finished. */
        FIXED_DELAY("fixed-delay");

        private final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** Accepts "fixed-rate" / "fixed-delay" (case-insensitive). */
        public static Mode fromWire(String text) {
            if (text != null) {
                for (Mode m : values()) {
                    if (m.wireName.equalsIgnoreCase(text.trim())) {
                        return m;
                    }
                }
            }
            throw new InvalidScheduleException("mode", "'" + text + "' is not one of fixed-rate, fixed-delay");
        }
    }

    public IntervalSchedule {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new InvalidScheduleException("every", "interval must be greater than zero, got " + interval);
        }
        if (initialDelay == null) {
            initialDelay = Duration.ZERO;
        }
        if (initialDelay.isNegative()) {
            throw new InvalidScheduleException("initialDelay", "must not be negative, got " + initialDelay);
        }
        if (mode == null) {
            mode = Mode.FIXED_RATE;
        }
        Objects.requireNonNull(anchor, "anchor");
    }

    public static IntervalSchedule of(Duration interval, Duration initialDelay, Mode mode, Instant anchor) {
        return new IntervalSchedule(interval, initialDelay, mode, anchor);
    }

    /** The first run for a schedule that starts at {@code start}. */
    public Instant first(Instant start) {
        return start.plus(initialDelay);
    }

    /**
     * The run after one that was planned for {@code previousScheduled} and finished at
     * {@code previousFinished}: fixed-rate counts from the plan, fixed-delay from the finish.
     */
    public Instant nextAfter(Instant previousScheduled, Instant previousFinished) {
        return switch (mode) {
            case FIXED_RATE -> Objects.requireNonNull(previousScheduled, "previousScheduled").plus(interval);
            case FIXED_DELAY -> Objects.requireNonNull(previousFinished, "previousFinished").plus(interval);
        };
    }

    /** The smallest {@code anchor + initialDelay + k * interval} (k >= 0) strictly after {@code after}. */
    @Override
    public Optional<Instant> nextAfter(Instant after) {
        Instant first = first(anchor);
        if (after.isBefore(first)) {
            return Optional.of(first);
        }
        // Integer arithmetic on nanoseconds would overflow after ~292 years; divide Durations instead.
        long k = Duration.between(first, after).dividedBy(interval) + 1;
        return Optional.of(first.plus(interval.multipliedBy(k)));
    }

    @Override
    public String toString() {
        return "IntervalSchedule[every " + interval + ", delay " + initialDelay + ", "
                + mode.wireName().toLowerCase(Locale.ROOT) + ", from " + anchor + "]";
    }
}

package dev.timeos.rule;

import dev.timeos.schedule.CronSchedule;
import dev.timeos.schedule.IntervalSchedule;
import dev.timeos.schedule.OnceSchedule;
import dev.timeos.schedule.Schedule;
import dev.timeos.schedule.WeeklySchedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

/** What makes a rule fire: an event, or time. */
public sealed interface Trigger {

    /** The schedule of a time trigger, anchored at {@code anchor} (when the rule was created); empty for events. */
    Optional<Schedule> schedule(Instant anchor);

    default boolean isTimeBased() {
        return !(this instanceof OnEvent);
    }

    /** {@code {"event": "user_signup", "offset": "P2D"}}: a job due {@code offset} after each matching event. */
    record OnEvent(String type, Duration offset) implements Trigger {
        public Optional<Schedule> schedule(Instant anchor) {
            return Optional.empty();
        }
    }

    /** {@code {"every": "PT30M", "initialDelay": "PT0S", "mode": "fixed-rate"}}: real elapsed time, untouched by DST. */
    record Every(Duration interval, Duration initialDelay, IntervalSchedule.Mode mode) implements Trigger {
        public Optional<Schedule> schedule(Instant anchor) {
            return Optional.of(IntervalSchedule.of(interval, initialDelay, mode, anchor));
        }
    }

    /** {@code {"cron": "0 9 * * 1", "timezone": "America/New_York"}}: 5 fields, or 6 with leading seconds. */
    record Cron(String expression, ZoneId zone) implements Trigger {
        public Optional<Schedule> schedule(Instant anchor) {
            return Optional.of(CronSchedule.parse(expression, zone));
        }
    }

    /** {@code {"weekly": "MONDAY", "at": "09:00", "timezone": "America/New_York"}}: a fixed-time cron. */
    record Weekly(DayOfWeek day, LocalTime at, ZoneId zone) implements Trigger {
        public Optional<Schedule> schedule(Instant anchor) {
            return Optional.of(WeeklySchedule.of(day, at, zone));
        }
    }

    /** {@code {"at": "2026-12-01T00:00:00Z"}}: once. */
    record At(Instant at) implements Trigger {
        public Optional<Schedule> schedule(Instant anchor) {
            return Optional.of(new OnceSchedule(at));
        }
    }

    /** {@code {"immediate": true}}: once, as soon as the rule exists. */
    record Immediate() implements Trigger {
        public Optional<Schedule> schedule(Instant anchor) {
            return Optional.of(new OnceSchedule(anchor));
        }
    }
}

package dev.timeos.rule;

import dev.timeos.json.JsonP;
import dev.timeos.dispatch.OverlapPolicy;
import dev.timeos.job.JobDefaults;
import dev.timeos.rule.condition.Condition;
import dev.timeos.schedule.CronSchedule;
import dev.timeos.schedule.IntervalSchedule;
import dev.timeos.schedule.MisfirePolicy;
import dev.timeos.schedule.WeeklySchedule;
import jakarta.json.JsonObject;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The Java DSL of rules, handed to {@link RuleSet#define}. Each chain ends with {@code perform(action)}.
 * Durations read as {@code days(2)}, {@code hours(24)}, {@code minutes(15)}, {@code seconds(30)}.
 */
public final class Rules {

    private final List<Rule> rules = new ArrayList<>();

    public static Duration seconds(long n) {
        return Duration.ofSeconds(n);
    }

    public static Duration minutes(long n) {
        return Duration.ofMinutes(n);
    }

    public static Duration hours(long n) {
        return Duration.ofHours(n);
    }

    public static Duration days(long n) {
        return Duration.ofDays(n);
    }

    /** A job for each event of this type, due {@code after(...)} it occurred (at once by default). */
    public Builder onEvent(String type) {
        return new Builder(Kind.EVENT).eventType(type);
    }

    /** Every {@code interval} of real time (fixed-rate unless {@code fixedDelay()}). */
    public Builder every(Duration interval) {
        Builder b = new Builder(Kind.EVERY);
        b.interval = interval;
        return b;
    }

    /** A cron expression: 5 fields, or 6 with leading seconds; UTC unless {@code in(zone)}. */
    public Builder cron(String expression) {
        Builder b = new Builder(Kind.CRON);
        b.cron = expression;
        return b;
    }

    public Builder weekly(DayOfWeek day) {
        Builder b = new Builder(Kind.WEEKLY);
        b.day = day;
        return b;
    }

    public Builder everyMonday() {
        return weekly(DayOfWeek.MONDAY);
    }

    public Builder everyTuesday() {
        return weekly(DayOfWeek.TUESDAY);
    }

    public Builder everyWednesday() {
        return weekly(DayOfWeek.WEDNESDAY);
    }

    public Builder everyThursday() {
        return weekly(DayOfWeek.THURSDAY);
    }

    public Builder everyFriday() {
        return weekly(DayOfWeek.FRIDAY);
    }

    public Builder everySaturday() {
        return weekly(DayOfWeek.SATURDAY);
    }

    public Builder everySunday() {
        return weekly(DayOfWeek.SUNDAY);
    }

    /** Once, at this instant. */
    public Builder once(Instant at) {
        Builder b = new Builder(Kind.AT);
        b.instant = at;
        return b;
    }

    /** Once, as soon as the rule is loaded for the first time. */
    public Builder immediately() {
        return new Builder(Kind.IMMEDIATE);
    }

    List<Rule> build() {
        return List.copyOf(rules);
    }

    private enum Kind { EVENT, EVERY, CRON, WEEKLY, AT, IMMEDIATE }

    /**
     * One rule being written; {@link #perform(String)} ends it. What does not read (a cron, a time of day, a zone, a
     * condition) throws IllegalArgumentException at once; values out of range (a negative priority, 200 attempts...)
     * are refused when the rule is defined, as REST refuses them (RuleChecks), and the rule_registry health check names
     * the rule.
     */
    public final class Builder {
        private final Kind kind;
        private String eventType;
        private Duration offset = Duration.ZERO;
        private Duration interval;
        private Duration initialDelay = Duration.ZERO;
        private IntervalSchedule.Mode mode = IntervalSchedule.Mode.FIXED_RATE;
        private String cron;
        private DayOfWeek day;
        private LocalTime time = LocalTime.MIDNIGHT;
        private ZoneId zone = ZoneOffset.UTC;
        private Instant instant;
        private String name;
        private JsonObject args = JsonObject.EMPTY_JSON_OBJECT;
        private Condition when;
        private Predicate<JsonObject> codeWhen;
        private int priority = JobDefaults.PRIORITY;
        private Integer rateLimit;
        private int maxAttempts = JobDefaults.MAX_ATTEMPTS;
        private Duration backoff = JobDefaults.BACKOFF;
        private Duration timeout;
        private OverlapPolicy overlap = OverlapPolicy.DEFAULT;
        private MisfirePolicy misfire = MisfirePolicy.DEFAULT;
        private boolean enabled = Rule.ENABLED_BY_DEFAULT;

        private Builder(Kind kind) {
            this.kind = kind;
        }

        private Builder eventType(String type) {
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("onEvent needs an event type");
            }
            this.eventType = type;
            return this;
        }

        /** Event rules: how long after the event the job is due. */
        public Builder after(Duration d) {
            requireKind(Kind.EVENT, "after");
            if (d.isNegative()) {
                throw new IllegalArgumentException("after: must not be negative");
            }
            this.offset = d;
            return this;
        }

        /** Weekly rules: the local time, "HH:MM". */
        public Builder at(String hhmm) {
            requireKind(Kind.WEEKLY, "at");
            this.time = WeeklySchedule.parseAt(hhmm);
            return this;
        }

        /** Cron and weekly rules: the IANA time zone of their wall-clock times. */
        public Builder in(String timezone) {
            this.zone = ZoneId.of(timezone);
            return this;
        }

        public Builder initialDelay(Duration d) {
            requireKind(Kind.EVERY, "initialDelay");
            this.initialDelay = d;
            return this;
        }

        /** Every rules: count the interval from the end of the previous run instead of its planned start. */
        public Builder fixedDelay() {
            requireKind(Kind.EVERY, "fixedDelay");
            this.mode = IntervalSchedule.Mode.FIXED_DELAY;
            return this;
        }

        public Builder named(String n) {
            this.name = n;
            return this;
        }

        /** A Java condition on the event payload (code rules only). */
        public Builder when(Predicate<JsonObject> condition) {
            this.codeWhen = condition;
            return this;
        }

        /** A condition in the sandboxed expression language, as REST and the rules file write it. */
        public Builder when(String expression) {
            this.when = Condition.parse(expression);
            return this;
        }

        public Builder args(JsonObject a) {
            this.args = a;
            return this;
        }

        public Builder args(Map<String, ?> a) {
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) a;
            this.args = JsonP.createObjectBuilder(values).build();
            return this;
        }

        public Builder priority(int p) {
            this.priority = p;
            return this;
        }

        public Builder rateLimitPerMinute(int n) {
            this.rateLimit = n;
            return this;
        }

        public Builder maxAttempts(int n) {
            this.maxAttempts = n;
            return this;
        }

        public Builder backoff(Duration d) {
            this.backoff = d;
            return this;
        }

        public Builder timeout(Duration d) {
            this.timeout = d;
            return this;
        }

        public Builder overlap(OverlapPolicy p) {
            this.overlap = p;
            return this;
        }

        public Builder misfire(MisfirePolicy p) {
            this.misfire = p;
            return this;
        }

        public Builder disabled() {
            this.enabled = false;
            return this;
        }

        /** Ends the rule: each match or occurrence runs this action. */
        public Rules perform(String action) {
            Trigger trigger = switch (kind) {
                case EVENT -> new Trigger.OnEvent(eventType, offset);
                case EVERY -> {
                    IntervalSchedule.of(interval, initialDelay, mode, Instant.EPOCH);
                    yield new Trigger.Every(interval, initialDelay, mode);
                }
                case CRON -> {
                    CronSchedule.parse(cron, zone);
                    yield new Trigger.Cron(cron.trim(), zone);
                }
                case WEEKLY -> new Trigger.Weekly(day, time, zone);
                case AT -> new Trigger.At(instant);
                case IMMEDIATE -> new Trigger.Immediate();
            };
            rules.add(new Rule(null, name, trigger, action, args, when, codeWhen, priority, rateLimit, maxAttempts, backoff,
                    timeout, overlap, misfire, enabled, Rule.Source.CODE));
            return Rules.this;
        }

        private void requireKind(Kind k, String what) {
            if (kind != k) {
                throw new IllegalArgumentException(what + " applies to " + k.name().toLowerCase() + " rules, not " + kind.name().toLowerCase());
            }
        }
    }
}

package dev.timeos.rule;

import dev.timeos.json.JsonP;
import dev.timeos.dispatch.OverlapPolicy;
import dev.timeos.job.JobDefaults;
import dev.timeos.json.JsonFields;
import dev.timeos.json.Limits;
import dev.timeos.rule.condition.Condition;
import dev.timeos.rule.condition.InvalidConditionException;
import dev.timeos.schedule.CronSchedule;
import dev.timeos.schedule.IntervalSchedule;
import dev.timeos.schedule.InvalidScheduleException;
import dev.timeos.schedule.MisfirePolicy;
import dev.timeos.schedule.WeeklySchedule;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rules as JSON: the REST contract's shape, which is also the rules file's. Reading gathers every bad
 * field (named like {@code trigger.timezone}) instead of stopping at the first.
 */
public final class RuleJson {

    static final Set<String> FIELDS = Set.of("id", "name", "trigger", "action", "args", "when", "priority",
            "rateLimitPerMinute", "maxAttempts", "backoff", "timeout", "overlap", "misfire", "enabled", "source",
            "nextFireTimes", "status");
    private static final Set<String> TRIGGER_FIELDS = Set.of("event", "offset", "every", "initialDelay", "mode", "cron",
            "timezone", "weekly", "at", "immediate");
    private static final List<String> TRIGGER_KINDS = List.of("event", "every", "cron", "weekly", "at", "immediate");

    private RuleJson() {
    }

    /** Reads a rule (without id and source, which the store assigns); errors go to {@code f}. */
    public static Rule read(JsonFields f) {
        f.rejectUnknown(FIELDS);
        String name = f.string("name");
        Limits limits = Limits.get();
        Trigger trigger = null;
        JsonObject t = f.object("trigger");
        if (t == null && !f.has("trigger")) {
            f.error("trigger", "is required: one of " + TRIGGER_KINDS);
        } else if (t != null && t.toString().length() > limits.textChars()) {
            // Not even parsed: its fields would be quoted back in the errors.
            f.error("trigger", "is " + t.toString().length() + " characters of JSON; at most " + limits.textChars() + " are accepted");
        } else if (t != null) {
            trigger = trigger(f.nested(t, "trigger"));
        }
        String action = f.string("action", limits.nameChars());
        if (action == null && !f.has("action")) {
            f.error("action", "is required");
        }
        JsonObject args = f.payload("args");
        Condition when = null;
        String whenText = f.string("when", limits.textChars());
        if (whenText != null && !whenText.isBlank()) {
            try {
                when = Condition.parse(whenText);
            } catch (InvalidConditionException e) {
                f.error("when", e.getMessage());
            }
        }
        Integer priority = f.integer("priority");
        Integer rate = f.integer("rateLimitPerMinute");
        Integer maxAttempts = f.integer("maxAttempts");
        Duration backoff = f.duration("backoff");
        Duration timeout = f.duration("timeout");
        OverlapPolicy overlap = OverlapPolicy.DEFAULT;
        String overlapText = f.string("overlap");
        if (overlapText != null) {
            try {
                overlap = OverlapPolicy.fromWire(overlapText);
            } catch (IllegalArgumentException e) {
                f.error("overlap", e.getMessage());
            }
        }
        MisfirePolicy misfire = MisfirePolicy.DEFAULT;
        String misfireText = f.string("misfire");
        if (misfireText != null) {
            try {
                misfire = MisfirePolicy.fromWire(misfireText);
            } catch (InvalidScheduleException e) {
                f.error("misfire", e.reason());
            }
        }
        Boolean enabled = f.bool("enabled");
        Rule rule = new Rule(null, name, trigger, action, args == null ? JsonObject.EMPTY_JSON_OBJECT : args, when, null,
                priority == null ? JobDefaults.PRIORITY : priority, rate,
                maxAttempts == null ? JobDefaults.MAX_ATTEMPTS : maxAttempts,
                backoff == null ? JobDefaults.BACKOFF : backoff, timeout, overlap, misfire,
                enabled == null ? Rule.ENABLED_BY_DEFAULT : enabled, Rule.Source.API);
        // The values, checked where every rule's are (named inside this body: "rule.priority" in a dry run).
        RuleChecks.check(rule, limits, f::error);
        return rule;
    }

    static Trigger trigger(JsonFields t) {
        t.rejectUnknown(TRIGGER_FIELDS);
        // "at" is also the time of day of a weekly trigger: only without "weekly" is it a trigger of its own.
        List<String> kinds = TRIGGER_KINDS.stream().filter(t::has)
                .filter(k -> !(k.equals("at") && t.has("weekly"))).toList();
        if (kinds.size() != 1) {
            t.error("", kinds.isEmpty() ? "needs one of " + TRIGGER_KINDS : "has " + kinds + "; give exactly one of " + TRIGGER_KINDS);
            return null;
        }
        ZoneId zone = zone(t);
        try {
            switch (kinds.get(0)) {
                case "event" -> {
                    String type = t.string("event");
                    Duration offset = t.duration("offset");
                    if (offset != null && offset.isNegative()) {
                        t.error("offset", "must not be negative");
                    }
                    if (type != null && type.isBlank()) {
                        t.error("event", "must name an event type");
                    }
                    return type == null ? null : new Trigger.OnEvent(type, offset == null ? Duration.ZERO : offset);
                }
                case "every" -> {
                    Duration interval = t.duration("every");
                    Duration delay = t.duration("initialDelay");
                    String modeText = t.string("mode");
                    IntervalSchedule.Mode mode = modeText == null ? IntervalSchedule.Mode.FIXED_RATE : IntervalSchedule.Mode.fromWire(modeText);
                    if (interval == null) {
                        return null;
                    }
                    // Validates interval > 0 and delay >= 0.
                    IntervalSchedule.of(interval, delay, mode, Instant.EPOCH);
                    return new Trigger.Every(interval, delay == null ? Duration.ZERO : delay, mode);
                }
                case "cron" -> {
                    String expression = t.string("cron");
                    if (expression == null || zone == null) {
                        return null;
                    }
                    CronSchedule.parse(expression, zone);
                    return new Trigger.Cron(expression.trim(), zone);
                }
                case "weekly" -> {
                    String dayText = t.string("weekly");
                    DayOfWeek day = null;
                    if (dayText != null) {
                        try {
                            day = DayOfWeek.valueOf(dayText.trim().toUpperCase(Locale.ROOT));
                        } catch (IllegalArgumentException e) {
                            t.error("weekly", "'" + dayText + "' is not a day: MONDAY ... SUNDAY");
                        }
                    }
                    String atText = t.string("at");
                    LocalTime at = atText == null ? LocalTime.MIDNIGHT : WeeklySchedule.parseAt(atText);
                    return day == null || zone == null ? null : new Trigger.Weekly(day, at, zone);
                }
                case "at" -> {
                    Instant at = t.instant("at");
                    return at == null ? null : new Trigger.At(at);
                }
                default -> {
                    Boolean immediate = t.bool("immediate");
                    if (immediate != null && !immediate) {
                        t.error("immediate", "must be true (leave the trigger out otherwise)");
                    }
                    return new Trigger.Immediate();
                }
            }
        } catch (InvalidScheduleException e) {
            // The schedule names its own field: cron's "minute", interval's "every", weekly's "at"...
            String field = e.field();
            String named = switch (field) {
                case "every", "initialDelay", "mode", "at" -> field;
                default -> "cron".equals(kinds.get(0)) ? "cron" : field;
            };
            t.error(named, e.getMessage());
            return null;
        }
    }

    private static ZoneId zone(JsonFields t) {
        String text = t.string("timezone");
        if (text == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            t.error("timezone", "'" + text + "' is not an IANA time zone such as America/New_York or UTC");
            return null;
        }
    }

    public static JsonObject trigger(Trigger trigger) {
        JsonObjectBuilder b = JsonP.createObjectBuilder();
        // Java 17: no pattern switch yet.
        if (trigger instanceof Trigger.OnEvent e) {
            b.add("event", e.type()).add("offset", e.offset().toString());
        } else if (trigger instanceof Trigger.Every e) {
            b.add("every", e.interval().toString()).add("initialDelay", e.initialDelay().toString()).add("mode", e.mode().wireName());
        } else if (trigger instanceof Trigger.Cron c) {
            b.add("cron", c.expression()).add("timezone", c.zone().getId());
        } else if (trigger instanceof Trigger.Weekly w) {
            b.add("weekly", w.day().name()).add("at", w.at().toString()).add("timezone", w.zone().getId());
        } else if (trigger instanceof Trigger.At a) {
            b.add("at", a.at().toString());
        } else {
            b.add("immediate", true);
        }
        return b.build();
    }

    /** The rule as the API answers it (without {@code nextFireTimes}, which needs a clock). */
    public static JsonObjectBuilder write(Rule r) {
        JsonObjectBuilder b = JsonP.createObjectBuilder()
                .add("id", r.id())
                .add("name", r.name())
                .add("trigger", trigger(r.trigger()))
                .add("action", r.action())
                .add("args", r.args());
        if (r.when() != null) {
            b.add("when", r.when().source());
        } else if (r.codeWhen() != null) {
            b.add("when", "(Java predicate)");
        } else {
            b.addNull("when");
        }
        b.add("priority", r.priority());
        if (r.rateLimitPerMinute() == null) {
            b.addNull("rateLimitPerMinute");
        } else {
            b.add("rateLimitPerMinute", r.rateLimitPerMinute());
        }
        b.add("maxAttempts", r.maxAttempts()).add("backoff", r.backoff().toString());
        if (r.timeout() == null) {
            b.addNull("timeout");
        } else {
            b.add("timeout", r.timeout().toString());
        }
        return b.add("overlap", r.overlap().wireName())
                .add("misfire", r.misfire().wireName())
                .add("enabled", r.enabled())
                .add("source", r.source().wireName())
                .add("status", r.status().wireName());
    }
}

package dev.timeos.rule;

import dev.timeos.job.JobDefaults;
import dev.timeos.json.JsonFields;
import dev.timeos.json.Limits;

import java.util.function.BiConsumer;

/**
 * What a rule's values must be, wherever the rule comes from: the one owner of these checks. A rule read from JSON (REST,
 * the rules file, a dry run, a patch) is checked by {@link RuleJson#read}, which names fields inside its own body;
 * every rule about to be stored, whatever its source (the Java API's {@code TimeOS.createRule}, a code RuleSet), is
 * checked again by {@link RuleService}. So a rule made in code cannot store values that REST refuses, which its jobs
 * would then carry: a time rule's occurrences are written straight from the rule (OccurrenceWriter), with no job check
 * of their own. Values left out (null) are the reader's to report, not checked here.
 */
final class RuleChecks {

    private RuleChecks() {
    }

    /** Reports each refused value to {@code error} as (field, reason). */
    static void check(Rule r, Limits limits, BiConsumer<String, String> error) {
        // The column's bound, not timeos.limits.name-chars: a stored rule (its name generated, perhaps) is read back
        // through these checks at every PATCH, and an operator's lower limit must not make it unchangeable.
        if (r.name() != null && (r.name().isBlank() || r.name().length() > Limits.NAME_COLUMN)) {
            error.accept("name", "must be 1 to " + Limits.NAME_COLUMN + " characters");
        }
        if (r.trigger() instanceof Trigger.OnEvent e && e.type().length() > limits.nameChars()) {
            error.accept("trigger.event", "is " + e.type().length() + " characters long; at most " + limits.nameChars()
                    + " are accepted");
        } else if (r.trigger() instanceof Trigger.Every e && e.interval().compareTo(limits.minInterval()) < 0) {
            // Each occurrence is a stored job: every 1 ms would plan a thousand jobs a second, forever.
            error.accept("trigger.every", "must be at least " + limits.minInterval() + " (timeos.limits.min-interval)");
        } else if (r.trigger() != null && RuleJson.trigger(r.trigger()).toString().length() > limits.textChars()) {
            error.accept("trigger", "is longer than " + limits.textChars() + " characters as stored");
        }
        if (r.action() != null && r.action().length() > limits.nameChars()) {
            error.accept("action", "is longer than " + limits.nameChars() + " characters");
        }
        // What REST's reader refuses in its strings (JsonFields.textProblem), for a rule made in code too.
        JsonFields.checkText(r.name(), "name", error);
        JsonFields.checkText(r.action(), "action", error);
        if (r.trigger() instanceof Trigger.OnEvent e) {
            JsonFields.checkText(e.type(), "trigger.event", error);
        }
        String argsProblem = r.args() == null ? null : JsonFields.payloadTextProblem(r.args().toString());
        if (argsProblem != null) {
            error.accept("args", argsProblem);
        }
        if (r.args() != null && r.args().toString().length() > limits.payloadChars()) {
            error.accept("args", "is " + r.args().toString().length() + " characters of JSON; at most "
                    + limits.payloadChars() + " are accepted");
        }
        if (r.when() != null && r.when().source().length() > limits.textChars()) {
            error.accept("when", "is longer than " + limits.textChars() + " characters");
        }
        if (r.priority() < 0) {
            error.accept("priority", "must be 0 or more");
        }
        if (r.rateLimitPerMinute() != null && r.rateLimitPerMinute() < 1) {
            error.accept("rateLimitPerMinute", "must be 1 or more (null for no limit)");
        }
        if (r.maxAttempts() < 1 || r.maxAttempts() > JobDefaults.MAX_ATTEMPTS_LIMIT) {
            error.accept("maxAttempts", "must be between 1 and " + JobDefaults.MAX_ATTEMPTS_LIMIT);
        }
        if (r.backoff() != null && r.backoff().isNegative()) {
            error.accept("backoff", "must not be negative");
        }
        if (r.timeout() != null && r.timeout().compareTo(JobDefaults.SHORTEST_TIMEOUT) < 0) {
            error.accept("timeout", JobDefaults.SHORTEST_TIMEOUT_REASON);
        }
    }
}

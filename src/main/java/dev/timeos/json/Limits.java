package dev.timeos.json;

import dev.timeos.schedule.Durations;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one request may ask for, each a MicroProfile Config key ({@code timeos.limits.*}, README "Security"). Read once,
 * at first use: a refused request must cost nothing to refuse, and a limit is an operator's decision made before start.
 * Without a MicroProfile Config implementation (unit tests), the defaults apply.
 *
 * @param bodyBytes        largest request body (413 above it)
 * @param batchItems       most items of a batch (events, jobs, ids to cancel)
 * @param payloadChars     largest payload or args, as JSON text. Half of Derby's 32,672-character column: an event's
 *                         payload and a rule's args are merged into one job's args, which must still fit
 * @param nameChars        longest name-like string (event type, action, idempotency key); at most 200, the columns'
 *                         size. A rule's name is bounded by its column alone: a stored rule, its name perhaps generated
 *                         from a long event type, must stay changeable whatever this is set to
 * @param textChars        longest text field (job target, rule {@code when}, a rule's trigger as stored); at most 2,000,
 *                         the columns' size
 * @param listLimit        largest {@code limit} of a list
 * @param minInterval      smallest {@code every} of a rule: each occurrence is a stored job
 * @param jsonDepth        deepest nesting of a JSON body (arrays and objects)
 * @param earliestInstant  earliest instant accepted (times, occurredAt, at)
 * @param latestInstant    latest instant accepted: stored as epoch milliseconds, and offsets and intervals are added to it
 * @param longestDuration  longest duration accepted (offsets, intervals, backoff, timeout), either sign
 */
public record Limits(int bodyBytes, int batchItems, int payloadChars, int nameChars, int textChars, int listLimit,
                     Duration minInterval, int jsonDepth, Instant earliestInstant, Instant latestInstant,
                     Duration longestDuration) {

    /** The columns these strings are stored in (db/migration): a configured value can only lower them. */
    public static final int NAME_COLUMN = 200;
    public static final int TEXT_COLUMN = 2_000;

    public static final Limits DEFAULTS = new Limits(1_048_576, 1_000, 16_000, NAME_COLUMN, TEXT_COLUMN, 1_000,
            Duration.ofSeconds(1), 32, Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59Z"),
            Duration.ofDays(3_650));

    private static volatile Limits current;

    public Limits {
        nameChars = Math.min(nameChars, NAME_COLUMN);
        textChars = Math.min(textChars, TEXT_COLUMN);
    }

    /** The configured limits (defaults where a key is not set). */
    public static Limits get() {
        Limits l = current;
        if (l == null) {
            l = fromConfig();
            current = l;
        }
        return l;
    }

    private static Limits fromConfig() {
        Function<String, Optional<String>> config;
        try {
            org.eclipse.microprofile.config.Config c = org.eclipse.microprofile.config.ConfigProvider.getConfig();
            config = key -> c.getOptionalValue(key, String.class);
        } catch (RuntimeException | LinkageError e) {
            // No MicroProfile Config here (a unit test, or an embedding without it): the defaults.
            return DEFAULTS;
        }
        Limits d = DEFAULTS;
        return new Limits(
                integer(config, "timeos.limits.body-bytes", d.bodyBytes()),
                integer(config, "timeos.limits.batch-items", d.batchItems()),
                integer(config, "timeos.limits.payload-chars", d.payloadChars()),
                integer(config, "timeos.limits.name-chars", d.nameChars()),
                integer(config, "timeos.limits.text-chars", d.textChars()),
                integer(config, "timeos.limits.list-limit", d.listLimit()),
                config.apply("timeos.limits.min-interval").map(Durations::parse).orElse(d.minInterval()),
                integer(config, "timeos.limits.json-depth", d.jsonDepth()),
                config.apply("timeos.limits.earliest-instant").map(Instant::parse).orElse(d.earliestInstant()),
                config.apply("timeos.limits.latest-instant").map(Instant::parse).orElse(d.latestInstant()),
                config.apply("timeos.limits.longest-duration").map(Durations::parse).orElse(d.longestDuration()));
    }

    private static int integer(Function<String, Optional<String>> config, String key, int dflt) {
        return config.apply(key).map(String::trim).map(Integer::parseInt).orElse(dflt);
    }

    /**
     * The deepest nesting of arrays and objects in a JSON text, counted without parsing (a parser that builds the
     * tree recursively is what a deep body attacks). Brackets inside strings do not count. Stops counting past
     * {@code max}: the caller only needs to know it is too deep.
     */
    public static int depth(CharSequence json, int max) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                depth++;
                if (depth > deepest) {
                    deepest = depth;
                    if (deepest > max) {
                        return deepest;
                    }
                }
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return deepest;
    }
}

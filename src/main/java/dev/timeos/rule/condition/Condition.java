package dev.timeos.rule.condition;

import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * A parsed {@code when} condition of a rule, e.g. {@code payload.amount > 1000}.
 *
 * <p>Parse once, when the rule is created or loaded: {@link #parse(String)} rejects bad or forbidden
 * input with an {@link InvalidConditionException} that names the position and the problem. Then
 * {@link #test} it against each event; testing never throws for data reasons (missing paths are null,
 * type mismatches are false) and its cost is bounded by the size of the condition and the payload.
 *
 * <p>The language is described in {@code package-info.java}. It is deliberately not Jakarta EL or
 * SpEL: those can call methods and reach classes, and a sandbox bolted onto them must be right about
 * every way out. This grammar has no syntax for calls, types, assignment or variables, so there is
 * no way out to guard.
 *
 * <p>Instances are immutable and thread-safe. Two conditions are equal when their sources are equal.
 */
public final class Condition {

    /** Longest accepted source, in characters. */
    public static final int MAX_LENGTH = 2000;

    /** Deepest accepted nesting of parentheses, lists and unary operators. */
    public static final int MAX_DEPTH = 50;

    /** Longest accepted string literal, in characters after unescaping. */
    public static final int MAX_STRING_LENGTH = 500;

    private final String source;
    private final Expr expression;

    private Condition(String source, Expr expression) {
        this.source = source;
        this.expression = expression;
    }

    /**
     * Parses a condition.
     *
     * @param source the condition text, e.g. {@code payload.amount > 1000}
     * @return the parsed condition, ready to be tested against any number of events
     * @throws InvalidConditionException when the source is empty, malformed, uses a forbidden
     *                                   construct or exceeds a limit; the message reads
     *                                   {@code "at <position>: <problem>"}
     */
    public static Condition parse(String source) {
        if (source == null) {
            throw new InvalidConditionException(0, "condition is missing; expected an expression such as"
                    + " payload.amount > 1000");
        }
        return new Condition(source, Parser.parse(source));
    }

    /**
     * Tests the condition against an event payload alone; {@code event.*} fields are null.
     *
     * @param payload the event payload; {@code null} is read as an empty object
     * @return whether the condition evaluates to {@code true}
     */
    public boolean test(JsonObject payload) {
        return test(ConditionContext.of(payload));
    }

    /**
     * Tests the condition against an event.
     *
     * @param context the payload and event facts the condition may read
     * @return whether the condition evaluates to {@code true}; null and non-boolean results are false
     */
    public boolean test(ConditionContext context) {
        Objects.requireNonNull(context, "context");
        return Evaluator.test(expression, context);
    }

    /**
     * The text the condition was parsed from.
     *
     * @return the source, unchanged (whitespace included)
     */
    public String source() {
        return source;
    }

    /** The parsed tree, for tests in this package. */
    Expr expression() {
        return expression;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Condition condition && condition.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    /** The source, so that a condition logs and serializes as the user wrote it. */
    @Override
    public String toString() {
        return source;
    }
}

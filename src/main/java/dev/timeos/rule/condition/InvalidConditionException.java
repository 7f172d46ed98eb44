package dev.timeos.rule.condition;

/**
 * A {@code when} condition that cannot be accepted: a syntax error, a construct the sandbox forbids
 * (calls, class access, assignment, ...), or a limit exceeded.
 *
 * <p>It is an {@link IllegalArgumentException} because a bad condition is bad input: the REST layer
 * maps it to a 400 problem naming the field {@code when}, and uses {@link #getMessage()} as the
 * detail. The message always starts with the position, e.g. {@code "at 17: method calls are not
 * allowed"}, so that a user can find the spot without a stack trace.
 */
public class InvalidConditionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;
    private final String problem;

    /**
     * @param position zero-based character offset in the condition source where the problem is
     * @param problem  what is wrong, and where it helps, what was expected instead
     */
    public InvalidConditionException(int position, String problem) {
        super("at " + position + ": " + problem);
        this.position = position;
        this.problem = problem;
    }

    /**
     * Where the problem is.
     *
     * @return zero-based character offset in the condition source
     */
    public int position() {
        return position;
    }

    /**
     * What the problem is.
     *
     * @return the message without the {@code "at N: "} prefix
     */
    public String problem() {
        return problem;
    }
}

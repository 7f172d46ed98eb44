package dev.timeos.schedule;

/**
 * A schedule definition (cron expression, weekly time, interval) that cannot be used.
 *
 * <p>The message always starts with the name of the offending field ({@code "minute: 61 is out of
 * range 0-59"}), and {@link #field()} exposes that name on its own so that the REST layer can fill
 * the {@code errors[].field} of a problem answer without parsing the message.
 */
public final class InvalidScheduleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public InvalidScheduleException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The field that is wrong, e.g. {@code "minute"}, {@code "day-of-week"}, {@code "at"}, {@code "expression"}. */
    public String field() {
        return field;
    }

    /** Why it is wrong, without the field name. */
    public String reason() {
        return reason;
    }
}

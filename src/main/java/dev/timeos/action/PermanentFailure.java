package dev.timeos.action;

/** A failure that retrying cannot fix (e.g. an HTTP 404): the job goes to the dead-letter queue at once. */
public class PermanentFailure extends Exception {

    private static final long serialVersionUID = 1L;

    public PermanentFailure(String message) {
        super(message);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

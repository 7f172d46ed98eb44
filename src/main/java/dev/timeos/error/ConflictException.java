package dev.timeos.error;

/** The request is well formed but the thing's current state forbids it (e.g. rescheduling a finished job). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}

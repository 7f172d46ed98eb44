package dev.timeos.error;

/** The thing asked for does not exist (or is not of the asked kind, e.g. a job that is not dead). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}

package dev.timeos;

import dev.timeos.error.InvalidInputException;
import dev.timeos.event.Emitted;

/** One item of {@link TimeOS#emitAll}: what the event caused, or why it was refused (then {@code emitted} is null). */
public record EmitOutcome(Emitted emitted, InvalidInputException error) {

    public boolean accepted() {
        return error == null;
    }
}

package dev.timeos.schedule;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The {@code at} trigger: a single instant. */
public record OnceSchedule(Instant at) implements Schedule {

    public OnceSchedule {
        if (at == null) {
            throw new InvalidScheduleException("at", "an instant is required");
        }
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
        Objects.requireNonNull(after, "after");
        return at.isAfter(after) ? Optional.of(at) : Optional.empty();
    }
}

package dev.timeos.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the dispatcher is stuck: it has not ticked for longer than {@code bound} while a job is due. An idle
 * dispatcher (nothing due) ticks at least every poll interval anyway, but a long quiet stretch with nothing due is
 * not a fault, so the verdict needs both. Pure: the scheduler check hands it the clock's now.
 */
public record Stall(Duration bound) {

    public enum Verdict { NOT_STARTED, TICKING, IDLE, STUCK }

    public Verdict judge(Instant now, Instant lastTick, Optional<Instant> nextDue) {
        if (lastTick == null) {
            return Verdict.NOT_STARTED;
        }
        if (Duration.between(lastTick, now).compareTo(bound) <= 0) {
            return Verdict.TICKING;
        }
        // Due for longer than the bound: the dispatcher should have woken for it by now.
        return nextDue.filter(due -> Duration.between(due, now).compareTo(bound) > 0).isPresent()
                ? Verdict.STUCK : Verdict.IDLE;
    }
}

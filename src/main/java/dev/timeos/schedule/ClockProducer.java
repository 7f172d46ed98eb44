package dev.timeos.schedule;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/**
 * The one source of time for the whole engine. Everything asks the injected {@link TimeOSClock} {@link Clock}, never
 * {@code Instant.now()}, so that every timing rule can be tested without sleeping. Qualified: an embedding application's
 * own {@code Clock} producer does not clash with it.
 */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @TimeOSClock
    Clock clock() {
        // Dependent scope on purpose: java.time.Clock cannot be proxied, and the system clock is immutable.
        return Clock.systemUTC();
    }
}

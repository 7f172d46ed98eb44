package dev.timeos.examples.shop;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/**
 * The shop's own time: an unqualified {@link Clock}, as many applications have. TimeOS's clock is
 * {@code @TimeOSClock Clock}, so the two live side by side (no ambiguous dependency at deployment).
 */
@ApplicationScoped
public class ShopClock {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}

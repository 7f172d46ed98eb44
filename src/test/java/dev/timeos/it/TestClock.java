package dev.timeos.it;

import dev.timeos.schedule.TimeOSClock;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The controllable clock of the container tests: the system clock shifted by the ISO duration in the
 * file named by the environment variable TIMEOS_TEST_CLOCK_FILE (no file: no shift). A test moves time
 * forward while the server is down; TimeOS reads its clock when it starts. Deployed with the test WAR
 * only, as an enabled alternative to TimeOS's own (qualified) Clock producer: the engine cannot tell the difference.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION + 100)
@ApplicationScoped
public class TestClock {

    @Produces
    @TimeOSClock
    Clock clock() {
        Duration offset = offset();
        return offset.isZero() ? Clock.systemUTC() : Clock.offset(Clock.systemUTC(), offset);
    }

    static Duration offset() {
        String name = System.getenv("TIMEOS_TEST_CLOCK_FILE");
        if (name == null || !Files.exists(Path.of(name))) {
            return Duration.ZERO;
        }
        try {
            return Duration.parse(Files.readString(Path.of(name)).trim());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

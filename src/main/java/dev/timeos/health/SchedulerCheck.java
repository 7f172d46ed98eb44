package dev.timeos.health;

import dev.timeos.schedule.TimeOSClock;
import dev.timeos.dispatch.Dispatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code scheduler} liveness: DOWN when the dispatcher has not ticked for longer than
 * {@code timeos.health.dispatcher-stall} while a job has been due for longer than that (see {@link Stall}): a stuck
 * node that a restart would cure. The database is asked only when the dispatcher looks quiet, so a healthy node
 * answers from memory. An unreachable database is readiness's business ({@code database}), not a reason to restart.
 */
@Liveness
@ApplicationScoped
public class SchedulerCheck implements HealthCheck {

    @Inject
    Dispatcher dispatcher;

    @Inject
    HealthSettings settings;

    @Inject
    @TimeOSClock
    Clock clock;

    @Override
    public HealthCheckResponse call() {
        Instant now = clock.instant();
        Instant last = dispatcher.lastTick();
        Stall stall = new Stall(settings.dispatcherStall());
        Stall.Verdict verdict = stall.judge(now, last, Optional.empty());
        if (verdict == Stall.Verdict.IDLE) {
            try {
                verdict = stall.judge(now, last, dispatcher.nextDue());
            } catch (RuntimeException e) {
                verdict = Stall.Verdict.IDLE;
            }
        }
        HealthCheckResponseBuilder b = HealthCheckResponse.named("scheduler").status(verdict != Stall.Verdict.STUCK)
                .withData("state", verdict.name().toLowerCase(java.util.Locale.ROOT))
                .withData("running", dispatcher.isRunning())
                .withData("inFlight", dispatcher.inFlight())
                .withData("stallBound", stall.bound().toString());
        if (last != null) {
            b.withData("lastTick", last.toString());
        }
        if (dispatcher.node() != null) {
            b.withData("node", dispatcher.node());
        }
        return b.build();
    }
}

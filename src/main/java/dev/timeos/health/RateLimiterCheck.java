package dev.timeos.health;

import dev.timeos.lifecycle.RateLimited;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code rate_limiter}: what this node's rate limits did. Limits defer jobs, they never drop or fail them, so a
 * limited job is not a fault: the check is UP and says how many starts were deferred and the latest one (which rule
 * or action held it back, until when), so that "why is my job late?" has an answer on the probe.
 */
@Readiness
@ApplicationScoped
public class RateLimiterCheck implements HealthCheck {

    private final AtomicLong deferred = new AtomicLong();
    private volatile RateLimited latest;

    /** Synchronous and cheap: an increment and a reference, on the dispatcher's thread. */
    void onRateLimited(@Observes RateLimited e) {
        deferred.incrementAndGet();
        latest = e;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("rate_limiter").up()
                .withData("deferredStarts", deferred.get());
        RateLimited l = latest;
        if (l != null) {
            b.withData("latestJob", l.jobId())
                    .withData("latestLimitedBy", "action".equals(l.limitedBy()) ? "action " + l.action() : "rule " + l.ruleId())
                    .withData("latestDeferredTo", l.deferredTo().toString());
        }
        return b.build();
    }
}

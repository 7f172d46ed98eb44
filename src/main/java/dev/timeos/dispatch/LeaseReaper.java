package dev.timeos.dispatch;

import dev.timeos.schedule.Durations;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * Returns the jobs of dead nodes to the queue: a RUNNING job whose lease was not renewed in time runs
 * again elsewhere (at-least-once). A non-persistent EJB interval timer every {@code timeos.reaper.interval}:
 * the database is the only source of truth, the timer only wakes the check, on every node. Programmatic (not
 * {@code @Schedule}) so that the interval is configuration.
 */
@Singleton
@Startup
// The queue commits its own local transactions, one per batch.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LeaseReaper {

    private static final Logger LOG = Logger.getLogger(LeaseReaper.class.getName());

    @Inject
    Dispatcher dispatcher;

    @Inject
    @ConfigProperty(name = "timeos.reaper.interval", defaultValue = "PT2S")
    String interval;

    @Resource
    TimerService timers;

    @PostConstruct
    void schedule() {
        Duration every = Durations.parse(interval);
        timers.createIntervalTimer(every.toMillis(), every.toMillis(), new TimerConfig("timeos-lease-reaper", false));
        LOG.fine(() -> "TimeOS lease reaper runs every " + every);
    }

    @Timeout
    void reap() {
        try {
            dispatcher.reapExpiredLeases();
        } catch (RuntimeException e) {
            // The database is away (the database health check says so): one line per pass, not an EJB error with a
            // stack trace and an FFDC incident every interval; the next pass tries again.
            LOG.warning(() -> "TimeOS lease reaper: could not look for expired leases (" + e.getMessage() + "); trying again in "
                    + interval);
        }
    }
}

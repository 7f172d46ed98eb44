package dev.timeos.cleanup;

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

import java.time.Duration;
import java.util.logging.Logger;

/**
 * Runs retention every {@code timeos.cleanup.interval} with the configured retention, on every node: a non-persistent
 * EJB interval timer (the database is the only source of truth; the timer only wakes the pass). Programmatic rather
 * than {@code @Schedule}, whose interval would be fixed at build time, not configuration.
 */
@Singleton
@Startup
// Each batch commits its own local transaction.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CleanupTimer {

    private static final Logger LOG = Logger.getLogger(CleanupTimer.class.getName());

    @Inject
    Cleanup cleanup;

    @Inject
    RetentionSettings settings;

    @Resource
    TimerService timers;

    @PostConstruct
    void schedule() {
        if (!settings.enabled()) {
            LOG.info("TimeOS cleanup timer is off (timeos.cleanup.enabled=false); POST /api/cleanup still works");
            return;
        }
        Duration every = settings.interval();
        timers.createIntervalTimer(every.toMillis(), every.toMillis(), new TimerConfig("timeos-cleanup", false));
        LOG.fine(() -> "TimeOS cleanup runs every " + every + " with " + settings.retention());
    }

    @Timeout
    void run() {
        try {
            cleanup.run(settings.retention());
        } catch (RuntimeException e) {
            // The database is away, or a batch lost a deadlock to another node's pass: the next pass tries again.
            LOG.warning(() -> "TimeOS cleanup pass failed (" + e.getMessage() + "); next pass in " + settings.interval());
        }
    }
}

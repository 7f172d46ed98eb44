package dev.timeos.dispatch;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Returns the jobs of dead nodes to the queue: a RUNNING job whose lease was not renewed in time runs
 * again elsewhere (at-least-once). A non-persistent EJB timer: the database is the only source of truth,
 * the timer only wakes the check, on every node.
 */
@Singleton
@Startup
// The queue commits its own local transactions, one per batch.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LeaseReaper {

    @Inject
    Dispatcher dispatcher;

    @Schedule(second = "*/15", minute = "*", hour = "*", persistent = false)
    void reap() {
        dispatcher.reapExpiredLeases();
    }
}

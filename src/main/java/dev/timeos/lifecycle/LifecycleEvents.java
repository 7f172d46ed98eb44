package dev.timeos.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires lifecycle events to synchronous and asynchronous observers, only once the state an event reports
 * is committed, and never lets an observer's failure reach the caller: an observer cannot change a job's
 * outcome, nor undo the transaction that created a job.
 */
@ApplicationScoped
public class LifecycleEvents {

    private static final Logger LOG = Logger.getLogger(LifecycleEvents.class.getName());

    @Inject
    Event<Object> events;

    /** Wraps an event to deliver once the current transaction commits (at once without one). */
    record AfterCommit(Object event) {
    }

    @Inject
    Event<AfterCommit> afterCommit;

    /** For callers inside a transaction (job creation, rule matches): observers hear of it only if it commits. */
    public void fireAfterCommit(Object event) {
        afterCommit.fire(new AfterCommit(event));
    }

    void deliver(@Observes(during = TransactionPhase.AFTER_SUCCESS) AfterCommit committed) {
        fire(committed.event());
    }

    /** For callers whose state is already committed (the dispatcher, after its batch). */
    public void fire(Object event) {
        try {
            events.fire(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TimeOS: an observer of " + event.getClass().getSimpleName() + " failed; ignored", e);
        }
        try {
            events.fireAsync(event).exceptionally(e -> {
                LOG.log(Level.WARNING, "TimeOS: an asynchronous observer of " + event.getClass().getSimpleName()
                        + " failed; ignored", e);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TimeOS: could not fire " + event.getClass().getSimpleName() + " asynchronously", e);
        }
    }
}

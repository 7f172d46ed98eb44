package dev.timeos.dispatch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires the dispatcher's lifecycle events (package {@code dev.timeos.lifecycle}) to synchronous and
 * asynchronous observers. Called only after the state an event reports is committed, and never lets an
 * observer's failure reach the caller: an observer cannot change a job's outcome.
 */
@ApplicationScoped
public class LifecycleEvents {

    private static final Logger LOG = Logger.getLogger(LifecycleEvents.class.getName());

    @Inject
    Event<Object> events;

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

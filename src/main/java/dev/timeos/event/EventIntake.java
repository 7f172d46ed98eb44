package dev.timeos.event;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

/**
 * Where CDI events enter TimeOS. {@code Event<TemporalEvent>.fire(...)} is observed synchronously, in the
 * firing thread and inside the caller's JTA transaction: if the caller rolls back, the event and its jobs
 * were never there. {@code fireAsync(...)} is observed on another thread in a transaction of its own.
 * An invalid event throws {@link dev.timeos.error.InvalidInputException} back to the caller of {@code fire}.
 */
@ApplicationScoped
public class EventIntake {

    @Inject
    EventService events;

    void onEvent(@Observes TemporalEvent event) {
        events.emit(event).orThrow();
    }

    void onEventAsync(@ObservesAsync TemporalEvent event) {
        events.emit(event).orThrow();
    }
}

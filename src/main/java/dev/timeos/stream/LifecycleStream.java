package dev.timeos.stream;

import dev.timeos.lifecycle.JobDead;
import dev.timeos.lifecycle.JobFailed;
import dev.timeos.lifecycle.JobScheduled;
import dev.timeos.lifecycle.JobStarted;
import dev.timeos.lifecycle.JobSucceeded;
import dev.timeos.lifecycle.RateLimited;
import dev.timeos.lifecycle.RuleMatched;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands every lifecycle event to the stream's clients. The observers are synchronous (each event once, in order, on
 * the thread that fires it: the dispatcher's or a committing caller's) and only enqueue: one non-blocking
 * {@code offer} per client ({@link ClientBuffer}).
 */
@ApplicationScoped
public class LifecycleStream {

    /** The event types a client may ask for, by the names the stream sends. */
    public static final Set<String> TYPES = Set.of("JobScheduled", "JobStarted", "JobSucceeded", "JobFailed", "JobDead",
            "RuleMatched", "RateLimited");

    @Inject
    MetricRegistry registry;

    @Inject
    @ConfigProperty(name = "timeos.stream.max-clients", defaultValue = "100")
    int maxClients;

    @Inject
    @ConfigProperty(name = "timeos.stream.buffer", defaultValue = "1000")
    int buffer;

    private final List<ClientBuffer> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    private Counter dropped;
    private Counter sent;

    @PostConstruct
    void register() {
        dropped = registry.counter(Metadata.builder().withName("timeos.stream.dropped")
                .withDescription("Lifecycle events a stream client's full buffer had no room for").withUnit(MetricUnits.NONE).build());
        sent = registry.counter(Metadata.builder().withName("timeos.stream.sent")
                .withDescription("Lifecycle events sent to stream clients").withUnit(MetricUnits.NONE).build());
        registry.gauge(Metadata.builder().withName("timeos.stream.clients")
                .withDescription("Clients connected to GET /api/stream on this node").withUnit(MetricUnits.NONE).build(),
                clients, List::size);
    }

    /** The metrics are there from the start, at 0. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // Observing is enough: the container creates this bean to deliver the event.
    }

    /** A new client's buffer; empty when this node already serves {@code timeos.stream.max-clients}. */
    public synchronized Optional<ClientBuffer> subscribe(Set<String> types) {
        if (clients.size() >= maxClients) {
            return Optional.empty();
        }
        ClientBuffer c = new ClientBuffer(types, buffer);
        clients.add(c);
        return Optional.of(c);
    }

    public void unsubscribe(ClientBuffer c) {
        c.close();
        clients.remove(c);
    }

    public int maxClients() {
        return maxClients;
    }

    /** The pump reports each event it sent (for the metric). */
    public void sent() {
        sent.inc();
    }

    private void publish(String type, Object event) {
        if (clients.isEmpty()) {
            return;
        }
        StreamItem item = new StreamItem(seq.incrementAndGet(), type, event);
        for (ClientBuffer c : clients) {
            if (!c.offer(item)) {
                dropped.inc();
            }
        }
    }

    void onScheduled(@Observes JobScheduled e) {
        publish("JobScheduled", e);
    }

    void onStarted(@Observes JobStarted e) {
        publish("JobStarted", e);
    }

    void onSucceeded(@Observes JobSucceeded e) {
        publish("JobSucceeded", e);
    }

    void onFailed(@Observes JobFailed e) {
        publish("JobFailed", e);
    }

    void onDead(@Observes JobDead e) {
        publish("JobDead", e);
    }

    void onMatched(@Observes RuleMatched e) {
        publish("RuleMatched", e);
    }

    void onRateLimited(@Observes RateLimited e) {
        publish("RateLimited", e);
    }
}

package dev.timeos.api;

import dev.timeos.json.JsonP;
import dev.timeos.error.FieldError;
import dev.timeos.error.InvalidInputException;
import dev.timeos.stream.ClientBuffer;
import dev.timeos.stream.LifecycleStream;
import dev.timeos.stream.StreamItem;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/stream?types=JobScheduled,JobSucceeded}: lifecycle events as server-sent events ({@code event:} the
 * type, {@code id:} a sequence number of this node, {@code data:} the event as JSON). The first event,
 * {@code Subscribed}, says which types this client gets; {@code Dropped} says how many events its full buffer had to
 * drop (the client was slower than the engine); a comment every 15 s keeps idle connections open and finds closed
 * ones. Each client has a pump of its own on the managed executor: the engine only enqueues.
 */
@Tag(name = "Operations", description = "Health, counts, retention and the live stream")
@Path("/stream")
@RequestScoped
public class StreamResource {

    private static final Logger LOG = Logger.getLogger(StreamResource.class.getName());
    private static final long HEARTBEAT_MILLIS = 15_000;
    /** A client that takes longer than this to accept one event is gone. */
    private static final long SEND_TIMEOUT_SECONDS = 30;
    private static final Jsonb JSONB = JsonbBuilder.create();

    @Inject
    LifecycleStream stream;

    @Resource
    ManagedExecutorService executor;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live lifecycle events (server-sent events)", description = "text/event-stream: Subscribed, then JobScheduled, JobStarted, JobSucceeded, JobFailed, JobDead, RuleMatched, RateLimited (types= filters), Dropped when this client's buffer overflowed")
    public void stream(@QueryParam("types") List<String> types, @Context SseEventSink sink, @Context Sse sse) {
        Set<String> wanted = parse(types);
        ClientBuffer buffer = stream.subscribe(wanted).orElseThrow(() -> new WebApplicationException(Problems.response(
                Problems.problem(503, "stream-full", "Too many stream clients", "This node already serves "
                        + stream.maxClients() + " stream clients (timeos.stream.max-clients); try another node or later", null))));
        try {
            // On the request's thread, before the pump takes over: the buffer is subscribed already, so a client that
            // has read Subscribed misses nothing that happens afterwards.
            send(sink, sse.newEventBuilder().name("Subscribed").mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(JsonP.createObjectBuilder().add("types", JsonP.createArrayBuilder(
                            wanted.isEmpty() ? new TreeSet<>(LifecycleStream.TYPES) : wanted)).build().toString()).build());
            executor.execute(() -> pump(buffer, sink, sse));
        } catch (Exception e) {
            stream.unsubscribe(buffer);
            sink.close();
            LOG.log(Level.FINE, "TimeOS stream client ended before it started", e);
        }
    }

    /** {@code types=A,B} or {@code types=A&types=B}; every name must be a lifecycle event type. */
    private static Set<String> parse(List<String> types) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String t : types == null ? List.<String>of() : types) {
            Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(wanted::add);
        }
        List<String> unknown = wanted.stream().filter(t -> !LifecycleStream.TYPES.contains(t)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInputException(List.of(new FieldError("types", "unknown event type(s) "
                    + unknown.stream().map(u -> u.length() > 50 ? u.substring(0, 50) + "…" : u).toList()
                    + "; known: " + new TreeSet<>(LifecycleStream.TYPES))));
        }
        return wanted;
    }

    private void pump(ClientBuffer buffer, SseEventSink sink, Sse sse) {
        try (sink) {
            while (!sink.isClosed()) {
                StreamItem item = buffer.take(HEARTBEAT_MILLIS);
                long missed = buffer.newlyDropped();
                if (missed > 0) {
                    send(sink, sse.newEventBuilder().name("Dropped").mediaType(MediaType.APPLICATION_JSON_TYPE)
                            .data(JsonP.createObjectBuilder().add("dropped", missed).add("droppedTotal", buffer.dropped())
                                    .build().toString()).build());
                }
                if (item == null) {
                    send(sink, sse.newEventBuilder().comment("keep-alive").build());
                    continue;
                }
                send(sink, sse.newEventBuilder().name(item.type()).id(Long.toString(item.seq()))
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(JSONB.toJson(item.event())).build());
                stream.sent();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The client went away (or stalled past the send timeout): the usual end of a stream.
            LOG.log(Level.FINE, "TimeOS stream client ended", e);
        } finally {
            stream.unsubscribe(buffer);
        }
    }

    private static void send(SseEventSink sink, jakarta.ws.rs.sse.OutboundSseEvent event) throws Exception {
        sink.send(event).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}

package dev.timeos.examples.shop;

import dev.timeos.TimeOS;
import dev.timeos.event.StoredEvent;
import dev.timeos.job.Job;
import dev.timeos.job.JobQuery;
import dev.timeos.job.Page;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.sql.SQLException;
import java.util.List;

/**
 * {@code POST /shop/orders} places an order ({@code {"id": "o-1", "item": "book", "refuseAfterEvent": false}});
 * {@code GET /shop/orders/{id}} shows it with what TimeOS holds about it, read through the {@link TimeOS} bean (the
 * shop needs no TimeOS REST API for that).
 */
@Path("/orders")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    @Inject
    Orders orders;

    @Inject
    TimeOS timeos;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response place(JsonObject body) throws SQLException {
        String id = body.getString("id", "");
        if (id.isBlank() || id.length() > 64) {
            return Response.status(400).entity(Json.createObjectBuilder().add("error", "id: 1 to 64 characters").build()).build();
        }
        try {
            Orders.Order o = orders.place(id, body.getString("item", "something"), body.getBoolean("refuseAfterEvent", false));
            return Response.status(201).entity(Json.createObjectBuilder().add("id", o.id()).add("status", o.status()).build()).build();
        } catch (Orders.OrderRefused e) {
            return Response.status(409).entity(Json.createObjectBuilder().add("rolledBack", e.getMessage()).build()).build();
        }
    }

    @GET
    @Path("/{id}")
    public JsonObject show(@PathParam("id") String id) throws SQLException {
        JsonObjectBuilder b = Json.createObjectBuilder().add("id", id);
        orders.find(id).ifPresentOrElse(o -> {
            JsonObjectBuilder order = Json.createObjectBuilder().add("item", o.item()).add("placedAt", o.placedAt().toString())
                    .add("status", o.status());
            if (o.confirmedByJob() != null) {
                order.add("confirmedByJob", o.confirmedByJob());
            }
            b.add("order", order);
        }, () -> b.addNull("order"));
        JsonArrayBuilder events = Json.createArrayBuilder();
        JsonArrayBuilder jobs = Json.createArrayBuilder();
        for (StoredEvent e : eventsOf(id)) {
            events.add(Json.createObjectBuilder().add("id", e.id()).add("type", e.type()).add("occurredAt", e.occurredAt().toString()));
            for (Job j : timeos.jobs(new JobQuery(null, null, e.id(), null, Page.defaultLimit(), 0)).items()) {
                jobs.add(Json.createObjectBuilder().add("id", j.id()).add("action", j.action()).add("status", j.status().name())
                        .add("performAt", j.performAt().toString()));
            }
        }
        return b.add("events", events).add("jobs", jobs).build();
    }

    /** The order_placed events of this order (at most one: the idempotency key is the order's). */
    private List<StoredEvent> eventsOf(String id) {
        return timeos.events(Orders.ORDER_PLACED, null, Page.maxLimit(), 0).items().stream()
                .filter(e -> id.equals(e.payload().getString("order_id", null)))
                .toList();
    }
}

package dev.timeos.api;

import dev.timeos.error.FieldError;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** RFC 9457 problem details: every error TimeOS answers has this shape. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://timeos.dev/problems/";

    private Problems() {
    }

    public static JsonObject problem(int status, String slug, String title, String detail, List<FieldError> errors) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("type", TYPE_BASE + slug)
                .add("title", title)
                .add("status", status)
                .add("detail", detail == null ? title : detail);
        if (errors != null && !errors.isEmpty()) {
            JsonArrayBuilder a = Json.createArrayBuilder();
            for (FieldError e : errors) {
                a.add(Json.createObjectBuilder().add("field", e.field()).add("message", e.message()));
            }
            b.add("errors", a);
        }
        return b.build();
    }

    public static JsonObject invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return problem(400, "invalid-request", "Invalid request", detail, errors);
    }

    public static Response response(JsonObject problem) {
        return Response.status(problem.getInt("status"))
                .type(MediaType.valueOf(MEDIA_TYPE))
                .entity(problem)
                .build();
    }
}

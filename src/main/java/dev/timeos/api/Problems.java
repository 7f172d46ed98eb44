package dev.timeos.api;

import dev.timeos.json.JsonP;
import dev.timeos.error.FieldError;
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
        JsonObjectBuilder b = JsonP.createObjectBuilder()
                .add("type", TYPE_BASE + slug)
                .add("title", title)
                .add("status", status)
                .add("detail", detail == null ? title : detail);
        if (errors != null && !errors.isEmpty()) {
            JsonArrayBuilder a = JsonP.createArrayBuilder();
            for (FieldError e : errors) {
                a.add(JsonP.createObjectBuilder().add("field", e.field()).add("message", e.message()));
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

    /**
     * A problem for an HTTP status the container or JAX-RS decided (no TimeOS detail to give): TimeOS's own
     * wording, never the container's message, which may name classes or echo the request.
     */
    public static JsonObject forStatus(int status) {
        return switch (status) {
            case 400 -> problem(400, "bad-request", "Bad request",
                    "The request is malformed (its URL, headers or body)", null);
            case 401 -> problem(401, "unauthorized", "Authentication required",
                    "Log in (HTTP Basic) as a user of role timeos-admin or timeos-viewer", null);
            case 403 -> problem(403, "forbidden", "Forbidden",
                    "This user's role may not do this: timeos-viewer may only read (GET), timeos-admin may change", null);
            case 404 -> problem(404, "not-found", "Not found", "No resource at this path", null);
            case 405 -> problem(405, "method-not-allowed", "Method not allowed",
                    "This resource does not accept this HTTP method", null);
            case 406 -> problem(406, "not-acceptable", "Not acceptable",
                    "This resource answers application/json (errors: application/problem+json)", null);
            case 413 -> problem(413, "payload-too-large", "Payload too large", "The request body is too large", null);
            case 415 -> problem(415, "unsupported-media-type", "Unsupported media type",
                    "This resource accepts application/json", null);
            default -> status >= 500
                    ? problem(status, "internal", "Internal error",
                    "TimeOS could not complete the request; the server log has the details", null)
                    : problem(status, "http-" + status, "HTTP " + status, "The request was refused", null);
        };
    }

    public static Response response(JsonObject problem) {
        return Response.status(problem.getInt("status"))
                .type(MediaType.valueOf(MEDIA_TYPE))
                .entity(problem)
                .build();
    }
}

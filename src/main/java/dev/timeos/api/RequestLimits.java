package dev.timeos.api;

import dev.timeos.error.FieldError;
import dev.timeos.json.Limits;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Limits every request before a resource sees it: a body over {@code timeos.limits.body-bytes} is refused with 413
 * (read at most one byte past the limit, whatever Content-Length says, so a client cannot make the server hold more),
 * a charset other than UTF-8 with 415, and a NUL character in the path or a query parameter with 400 (no database column holds one; PostgreSQL would fail
 * the statement).
 */
@Provider
@PreMatching
public class RequestLimits implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (request.getUriInfo().getPath(true).indexOf('\u0000') >= 0) {
            request.abortWith(Problems.response(Problems.invalid(List.of(new FieldError("path", "must not contain the NUL character")))));
            return;
        }
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters(true);
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (e.getKey().indexOf('\u0000') >= 0 || e.getValue().stream().anyMatch(v -> v.indexOf('\u0000') >= 0)) {
                String name = e.getKey().indexOf('\u0000') >= 0 ? "query" : e.getKey();
                request.abortWith(Problems.response(Problems.invalid(List.of(new FieldError(name, "must not contain the NUL character")))));
                return;
            }
        }
        if (!request.hasEntity()) {
            return;
        }
        // JSON is UTF-8 (RFC 8259). Another charset named here would reach the body reader, which fails on an
        // unknown one with a 500.
        String charset = request.getMediaType() == null ? null : request.getMediaType().getParameters().get("charset");
        if (charset != null && !charset.trim().replace("\"", "").equalsIgnoreCase("UTF-8")) {
            request.abortWith(Problems.response(Problems.problem(415, "unsupported-media-type", "Unsupported media type",
                    "Content-Type: the charset must be UTF-8", List.of(new FieldError("Content-Type", "the charset must be UTF-8")))));
            return;
        }
        int max = Limits.get().bodyBytes();
        if (request.getLength() > max) {
            request.abortWith(tooLarge(max));
            return;
        }
        InputStream in = request.getEntityStream();
        byte[] body = in.readNBytes(max + 1);
        if (body.length > max) {
            request.abortWith(tooLarge(max));
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    private static jakarta.ws.rs.core.Response tooLarge(int max) {
        String message = "is larger than " + max + " bytes (timeos.limits.body-bytes)";
        return Problems.response(Problems.problem(413, "payload-too-large", "Payload too large", "body: " + message,
                List.of(new FieldError("body", message))));
    }
}

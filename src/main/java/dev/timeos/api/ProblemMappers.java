package dev.timeos.api;

import dev.timeos.error.ConflictException;
import dev.timeos.error.InvalidInputException;
import dev.timeos.error.NotFoundException;
import dev.timeos.store.Contention;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns every failure into an RFC 9457 answer; nothing leaks as an HTML error page or a stack trace. */
public final class ProblemMappers {

    private ProblemMappers() {
    }

    @Provider
    public static class Invalid implements ExceptionMapper<InvalidInputException> {
        @Override
        public Response toResponse(InvalidInputException e) {
            return Problems.response(Problems.invalid(e.errors()));
        }
    }

    @Provider
    public static class NotFound implements ExceptionMapper<NotFoundException> {
        @Override
        public Response toResponse(NotFoundException e) {
            return Problems.response(Problems.problem(404, "not-found", "Not found", e.getMessage(), null));
        }
    }

    @Provider
    public static class Conflict implements ExceptionMapper<ConflictException> {
        @Override
        public Response toResponse(ConflictException e) {
            return Problems.response(Problems.problem(409, "conflict", "Conflict with the current state", e.getMessage(), null));
        }
    }

    /**
     * JAX-RS's own errors: unknown path (404), wrong method (405), unsupported media type (415)... The detail is
     * ours: the implementation's message names its message codes and echoes the full URL.
     */
    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response r = e.getResponse();
            Response.ResponseBuilder b = Response.fromResponse(Problems.response(Problems.forStatus(r.getStatus())));
            // A 405 says what is allowed; a 401 how to log in.
            for (String header : new String[]{"Allow", "WWW-Authenticate"}) {
                if (r.getHeaderString(header) != null) {
                    b.header(header, r.getHeaderString(header));
                }
            }
            return b.build();
        }
    }

    /**
     * Errors (a stack overflow, an out-of-memory in one request) and checked exceptions: still a problem, never the
     * container's page; one line in the log, as for any unexpected failure.
     */
    @Provider
    public static class AnyThrowable implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            if (e instanceof RuntimeException r) {
                return new Unexpected().toResponse(r);
            }
            Unexpected.LOG.log(Level.SEVERE, "TimeOS: unexpected error", e);
            return Problems.response(Problems.forStatus(500));
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<RuntimeException> {
        static final Logger LOG = Logger.getLogger(Unexpected.class.getName());

        @Override
        public Response toResponse(RuntimeException e) {
            // Container-managed transactions wrap our own exceptions; unwrap to answer as if they were thrown directly.
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof InvalidInputException x) {
                    return new Invalid().toResponse(x);
                }
                if (t instanceof NotFoundException x) {
                    return new NotFound().toResponse(x);
                }
                if (t instanceof ConflictException x) {
                    return new Conflict().toResponse(x);
                }
                if (t instanceof WebApplicationException x) {
                    return new Web().toResponse(x);
                }
            }
            Optional<SQLException> contention = Contention.of(e);
            if (contention.isPresent()) {
                // Not a fault: one line, no stack, and an answer that tells the client to try again.
                LOG.warning(() -> "TimeOS: a request's transaction was rolled back by the store (SQLState "
                        + contention.get().getSQLState() + ": " + contention.get().getMessage() + ")");
                return Response.fromResponse(Problems.response(Problems.problem(503, "store-contention",
                        "Concurrent change", "The store rolled this request's transaction back because another "
                                + "transaction held what it needed (SQLState " + contention.get().getSQLState()
                                + "); nothing of it was stored: retry", null))).header("Retry-After", "1").build();
            }
            LOG.log(Level.SEVERE, "TimeOS: unexpected error", e);
            return Problems.response(Problems.problem(500, "internal", "Internal error",
                    "TimeOS could not complete the request; the server log has the details", null));
        }
    }
}

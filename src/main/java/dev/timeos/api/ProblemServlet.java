package dev.timeos.api;

import dev.timeos.json.JsonP;
import jakarta.json.JsonObject;
import jakarta.json.JsonWriter;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The error page of web.xml: what the container answers itself (a login required or refused, an unknown path, a
 * malformed URL, an exception no JAX-RS mapper saw) becomes the same RFC 9457 problem as TimeOS's own answers. The
 * detail is TimeOS's own wording by status: the container's message may name classes or echo the request.
 * <p>
 * It is also the default servlet ({@code /}): TimeOS serves no files, and the container's file server answers an
 * unknown path by throwing, which Liberty records as an FFDC incident for every such request.
 * <p>
 * Registered in TimeOS's own {@code WEB-INF/web.xml}, not by annotation: an application that embeds the classes jar
 * keeps its own default servlet (its static files) and its own error pages.
 */
public class ProblemServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(ProblemServlet.class.getName());

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object thrown = req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        // Not an error dispatch: an unknown path (or /problem itself), which is no resource. The container sets the
        // status it decided (401, 403, 400 of a malformed URL...) even when it also passes an exception.
        int status = code instanceof Integer i && i >= 400 ? i : thrown instanceof Throwable ? 500 : 404;
        if (status >= 500 && thrown instanceof Throwable t) {
            // A real failure, not bad input: one line with its kind, the trace at FINE for whoever debugs.
            LOG.warning(() -> "TimeOS: " + req.getMethod() + " failed in the container: " + t.getClass().getSimpleName());
            LOG.log(Level.FINE, "TimeOS: container failure", t);
        }
        write(resp, status, Problems.forStatus(status));
    }

    /**
     * Never called ({@link #service} answers every method) but declared: Liberty refuses to forward a TRACE request to a
     * servlet that keeps HttpServlet's default doTrace, so an anonymous TRACE's 401 became an empty HTML page and a
     * logged stack trace instead of this problem.
     */
    @Override
    protected void doTrace(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        service(req, resp);
    }

    static void write(HttpServletResponse resp, int status, JsonObject problem) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        // Keep WWW-Authenticate (set by the container before it asked for this page); drop the rest of its answer.
        resp.resetBuffer();
        resp.setStatus(status);
        resp.setContentType(Problems.MEDIA_TYPE);
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Cache-Control", "no-store");
        try (JsonWriter w = JsonP.createWriter(resp.getOutputStream())) {
            w.write(problem);
        }
    }
}

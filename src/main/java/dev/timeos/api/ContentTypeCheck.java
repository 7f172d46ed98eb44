package dev.timeos.api;

import dev.timeos.error.FieldError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Refuses a Content-Type header that is not a media type ({@code garbage}), or names a charset other than UTF-8, with a
 * 415 problem before anything reads the request: the JAX-RS runtime logs a warning with a full stack trace for the
 * first, and the container one for an unknown charset when it answers an error itself.
 * <p>
 * Async-supported: every filter in the chain must be, or the container refuses to let {@code GET /api/stream} go
 * asynchronous (SRVE8503E) and events sent after the resource method returned never reach the client.
 * <p>
 * Registered in TimeOS's own {@code WEB-INF/web.xml}, not by annotation: an application that embeds the classes jar
 * decides what its own requests may carry (a form posted in ISO-8859-1 is its business).
 */
public class ContentTypeCheck extends HttpFilter {

    private static final String TOKEN = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";
    private static final Pattern MEDIA_TYPE = Pattern.compile("\\s*" + TOKEN + "/" + TOKEN
            + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"([^\"\\\\]|\\\\.)*\"))*\\s*;?\\s*");

    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset=\"?([^\";\\s]*)");

    private static String charset(String contentType) {
        java.util.regex.Matcher m = CHARSET.matcher(contentType);
        return m.find() ? m.group(1) : null;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        String contentType = req.getHeader("Content-Type");
        if (contentType != null && !MEDIA_TYPE.matcher(contentType).matches()) {
            ProblemServlet.write(res, 415, Problems.problem(415, "unsupported-media-type", "Unsupported media type",
                    "Content-Type: is not a media type; send application/json",
                    List.of(new FieldError("Content-Type", "is not a media type; send application/json"))));
            return;
        }
        String charset = contentType == null ? null : charset(contentType);
        if (charset != null && !charset.equalsIgnoreCase("UTF-8")) {
            ProblemServlet.write(res, 415, Problems.problem(415, "unsupported-media-type", "Unsupported media type",
                    "Content-Type: the charset must be UTF-8", List.of(new FieldError("Content-Type", "the charset must be UTF-8"))));
            return;
        }
        chain.doFilter(req, res);
    }
}

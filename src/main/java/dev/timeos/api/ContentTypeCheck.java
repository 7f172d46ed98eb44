package dev.timeos.api;

import dev.timeos.error.FieldError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Refuses a Content-Type header that is not a media type ({@code garbage}) with a 415 problem before the JAX-RS
 * runtime sees it: the runtime logs a warning with a full stack trace for each such request.
 */
@WebFilter(filterName = "content-type-check", urlPatterns = "/api/*")
public class ContentTypeCheck extends HttpFilter {

    private static final String TOKEN = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";
    private static final Pattern MEDIA_TYPE = Pattern.compile("\\s*" + TOKEN + "/" + TOKEN
            + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"([^\"\\\\]|\\\\.)*\"))*\\s*;?\\s*");

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        String contentType = req.getHeader("Content-Type");
        if (contentType != null && !MEDIA_TYPE.matcher(contentType).matches()) {
            ProblemServlet.write(res, 415, Problems.problem(415, "unsupported-media-type", "Unsupported media type",
                    "Content-Type: is not a media type; send application/json",
                    List.of(new FieldError("Content-Type", "is not a media type; send application/json"))));
            return;
        }
        chain.doFilter(req, res);
    }
}

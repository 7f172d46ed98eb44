package dev.timeos.action.http;

import dev.timeos.action.PermanentFailure;
import dev.timeos.action.RetryLater;

import java.time.Instant;

/**
 * What a webhook's answer means for its job. The action only classifies; whether a retry happens, and when, is the
 * engine's decision ({@link dev.timeos.job.RetryPolicy}) on what is thrown here:
 * <ul>
 *   <li>2xx: success;</li>
 *   <li>408, 429 and 5xx: worth a retry ({@link RetryLater}, carrying {@code Retry-After} when the answer has
 *       one);</li>
 *   <li>any other status: retrying cannot help ({@link PermanentFailure}: the dead-letter queue at once).</li>
 * </ul>
 * Both failures name the status and an excerpt of the body, which becomes the job's {@code lastError}.
 */
public final class Responses {

    /** How much of an error body is kept in lastError. */
    public static final int EXCERPT_CHARS = 300;

    private Responses() {
    }

    public static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * @param retryAfter the answer's Retry-After header, or null
     * @param body       the start of the answer's body (decoded), or empty
     * @param now        when the answer arrived
     */
    public static void judge(int status, String retryAfter, String body, Instant now)
            throws PermanentFailure, RetryLater {
        if (status >= 200 && status < 300) {
            return;
        }
        String message = "HTTP " + status + excerpt(body);
        if (status == 408 || status == 429 || (status >= 500 && status < 600)) {
            Instant notBefore = RetryAfter.parse(retryAfter, now);
            throw new RetryLater(notBefore == null ? message : message + " (Retry-After: " + retryAfter.trim() + ")",
                    notBefore);
        }
        throw new PermanentFailure(message);
    }

    static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return ": " + (flat.length() > EXCERPT_CHARS ? flat.substring(0, EXCERPT_CHARS) + "…" : flat);
    }
}

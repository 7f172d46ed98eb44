package dev.timeos.action.http;

import dev.timeos.action.ActionArgs;
import dev.timeos.error.FieldError;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A webhook as a job describes it, read the same way when the job is created (to refuse it) and when it runs.
 * <ul>
 *   <li>target: the job's {@code target}, or {@code args.http.target} (a rule has no target field);</li>
 *   <li>{@code args.http.method}: GET, POST (default), PUT, PATCH or DELETE;</li>
 *   <li>{@code args.http.headers}: an object of header names to string values;</li>
 *   <li>body: the args without their {@code http} member, as JSON (none for GET and DELETE).</li>
 * </ul>
 * Everything about the request sits under the one {@code http} key, so an event payload with a field named
 * {@code method} or {@code headers} (merged into a rule's job args) is sent as data, not read as an option.
 */
public record Webhook(URI target, String method, Map<String, String> headers, byte[] body) {

    public static final String OPTIONS = "http";
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> WITHOUT_BODY = Set.of("GET", "DELETE");
    /** Set by the transport, or by TimeOS itself: a job cannot override them. */
    static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "te", "trailer", "keep-alive", "proxy-authorization", "proxy-connection",
            "idempotency-key", "x-timeos-signature", "x-timeos-timestamp", "x-timeos-job-id", "x-timeos-attempt");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final int MAX_HEADERS = 50;

    /** A webhook, or why the job cannot be one. */
    public record Parsed(Webhook webhook, String targetField, List<FieldError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /**
     * @param jobTarget the job's target, or null
     * @param argsField the request field holding args, to name bad fields inside it
     */
    public static Parsed parse(String jobTarget, JsonObject args, String argsField) {
        List<FieldError> errors = new ArrayList<>();
        String optionsField = argsField + "." + OPTIONS;
        JsonObject options = ActionArgs.options(args, OPTIONS, optionsField, "{\"target\", \"method\", \"headers\"}",
                errors);

        // A job that gave no target at all is told about its own target field; a rule about its args.
        boolean ownField = jobTarget != null || ActionArgs.JOB_ARGS.equals(argsField) && !options.containsKey("target");
        String targetField = ownField ? "target" : optionsField + ".target";
        String rawTarget = jobTarget != null ? jobTarget : ActionArgs.string(options, "target", targetField, errors);
        URI target = null;
        if (rawTarget == null || rawTarget.isBlank()) {
            errors.add(new FieldError(targetField, "the http action needs a URL: the job's target or "
                    + optionsField + ".target"));
        } else {
            try {
                target = new URI(rawTarget.trim());
                if (!target.isAbsolute() || target.getHost() == null) {
                    errors.add(new FieldError(targetField, "must be an absolute http or https URL with a host"));
                    target = null;
                }
            } catch (URISyntaxException e) {
                errors.add(new FieldError(targetField, "is not a URL: " + e.getReason()));
            }
        }

        String method = ActionArgs.string(options, "method", optionsField + ".method", errors);
        method = method == null ? "POST" : method.trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            errors.add(new FieldError(optionsField + ".method", "must be one of GET, POST, PUT, PATCH, DELETE"));
        }

        Map<String, String> headers = headers(options.get("headers"), optionsField + ".headers", errors);

        byte[] bytes = WITHOUT_BODY.contains(method) ? new byte[0]
                : ActionArgs.without(args, OPTIONS).toString().getBytes(StandardCharsets.UTF_8);
        return new Parsed(errors.isEmpty() ? new Webhook(target, method, headers, bytes) : null, targetField,
                List.copyOf(errors));
    }

    public boolean hasBody() {
        return !WITHOUT_BODY.contains(method);
    }

    /** The same webhook sent to another URL (a redirect's next hop), as the redirect's status says. */
    public Webhook redirectedTo(URI next, int status) {
        // 303 always, and 301/302 after a POST (what every client does), continue as a GET without the body.
        boolean toGet = status == 303 || ((status == 301 || status == 302) && method.equals("POST"));
        return toGet ? new Webhook(next, "GET", headers, new byte[0]) : new Webhook(next, method, headers, body);
    }

    /**
     * A header value the JDK's HTTP client accepts (its field-vchar rule): tab, space, 0x21-0x7e and obs-text
     * 0x80-0xff. It throws on anything else at send time, so such a job could only fail until it was dead.
     */
    static boolean sendable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && (c < 0x20 || c == 0x7f || c > 0xff)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> headers(JsonValue value, String field, List<FieldError> errors) {
        if (value == null || value == JsonValue.NULL) {
            return Map.of();
        }
        if (!(value instanceof JsonObject o)) {
            errors.add(new FieldError(field, "must be an object of header names to string values"));
            return Map.of();
        }
        if (o.size() > MAX_HEADERS) {
            errors.add(new FieldError(field, "at most " + MAX_HEADERS + " headers"));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        o.forEach((name, v) -> {
            if (!TOKEN.matcher(name).matches()) {
                errors.add(new FieldError(field + "." + name, "is not a valid header name"));
            } else if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(field + "." + name, "is set by TimeOS or the transport and cannot be given"));
            } else if (!(v instanceof JsonString s)) {
                errors.add(new FieldError(field + "." + name, "must be a string"));
            } else if (s.getString().indexOf('\r') >= 0 || s.getString().indexOf('\n') >= 0) {
                errors.add(new FieldError(field + "." + name, "must not contain line breaks"));
            } else if (!sendable(s.getString())) {
                errors.add(new FieldError(field + "." + name, "must be text the HTTP client can send: tab, space, visible "
                        + "ASCII and Latin-1 characters (\\u0080-\\u00ff), no other control characters"));
            } else {
                headers.put(name, s.getString());
            }
        });
        return Map.copyOf(headers);
    }
}

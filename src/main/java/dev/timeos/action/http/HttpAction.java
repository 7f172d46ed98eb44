package dev.timeos.action.http;

import dev.timeos.schedule.TimeOSClock;
import dev.timeos.action.Action;
import dev.timeos.action.ActionArgs;
import dev.timeos.action.JobContext;
import dev.timeos.action.PermanentFailure;
import dev.timeos.action.Performer;
import dev.timeos.error.FieldError;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code http} action: a webhook ({@link Webhook} says what a job asks for, {@link Responses} what the answer
 * means, {@link SafeTargets} where it may go). Each request carries the job id as {@code Idempotency-Key} (the
 * same on every attempt: delivery is at-least-once), and when {@code timeos.http.signing-secret} is set, a
 * {@link Signature}. Redirects are followed here, hop by hop, so that each hop's target is checked like the first.
 * <p>
 * One {@link HttpClient} for all jobs: it pools connections per host. A request waits at most the job's timeout
 * (or {@code timeos.http.timeout}) for the answer, so a slow endpoint holds one worker for that long at most.
 */
@Action("http")
@ApplicationScoped
public class HttpAction implements Performer {

    /** Read from an answer for its excerpt; the rest is drained up to {@link #DRAIN_BYTES} to keep the connection. */
    private static final int EXCERPT_BYTES = 4096;
    private static final int DRAIN_BYTES = 64 * 1024;

    @Inject
    HttpActionConfig config;

    @Inject
    @TimeOSClock
    Clock clock;

    private HttpClient client;
    private SafeTargets targets;
    private Optional<Signature> signature;
    private Duration defaultTimeout;
    private int maxRedirects;

    @PostConstruct
    void init() {
        targets = new SafeTargets(config.allowedHosts());
        signature = config.signature();
        defaultTimeout = config.timeout();
        maxRedirects = config.maxRedirects();
        client = HttpClient.newBuilder()
                // Redirects are ours to follow: each hop is checked against the safe targets first.
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.connectTimeout())
                // HTTP/1.1 with keep-alive: no h2c upgrade dance that some receivers (Liberty among them) answer badly.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public List<FieldError> check(String target, JsonObject args, String argsField) {
        Webhook.Parsed parsed = Webhook.parse(target, args, argsField);
        if (!parsed.ok()) {
            return parsed.errors();
        }
        String refused = targets.refusedAsWritten(parsed.webhook().target());
        return refused == null ? List.of() : List.of(new FieldError(parsed.targetField(), refused));
    }

    @Override
    public void perform(JobContext job) throws Exception {
        Webhook.Parsed parsed = Webhook.parse(job.target(), job.args(), "args");
        if (!parsed.ok()) {
            throw ActionArgs.invalid(parsed.errors());
        }
        Webhook hop = parsed.webhook();
        Duration timeout = job.timeout() != null ? job.timeout() : defaultTimeout;
        Instant deadline = clock.instant().plus(timeout);
        for (int redirects = 0; ; redirects++) {
            String refused = refused(hop.target());
            if (refused != null) {
                throw new PermanentFailure(hop.target() + " " + refused);
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new IOException("timeout: no answer within " + timeout + " (redirects included)");
            }
            HttpResponse<InputStream> response = client.send(request(hop, job, left),
                    HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            String body = read(response.body());
            Optional<String> location = response.headers().firstValue("Location");
            if (Responses.isRedirect(status) && location.isPresent()) {
                if (redirects >= maxRedirects) {
                    throw new PermanentFailure("HTTP " + status + ": more than " + maxRedirects + " redirects");
                }
                hop = hop.redirectedTo(hop.target().resolve(location.get().trim()), status);
                continue;
            }
            Responses.judge(status, response.headers().firstValue("Retry-After").orElse(null), body, clock.instant());
            return;
        }
    }

    /** The safe-target decision on the resolved addresses; a name that does not resolve now is worth a retry. */
    private String refused(URI target) throws IOException {
        try {
            return targets.refusedAfterResolution(target, InetAddress::getAllByName);
        } catch (UnknownHostException e) {
            throw new IOException("cannot resolve " + target.getHost() + " (retried: DNS may come back)", e);
        }
    }

    private HttpRequest request(Webhook w, JobContext job, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(w.target()).timeout(timeout)
                .method(w.method(), w.hasBody() ? HttpRequest.BodyPublishers.ofByteArray(w.body())
                        : HttpRequest.BodyPublishers.noBody());
        boolean contentType = false;
        for (var h : w.headers().entrySet()) {
            b.header(h.getKey(), h.getValue());
            contentType |= h.getKey().toLowerCase(Locale.ROOT).equals("content-type");
        }
        if (w.hasBody() && !contentType) {
            b.header("Content-Type", "application/json");
        }
        if (!w.headers().keySet().stream().anyMatch(n -> n.equalsIgnoreCase("user-agent"))) {
            b.header("User-Agent", "TimeOS");
        }
        b.header("Idempotency-Key", job.jobId());
        b.header("X-TimeOS-Job-Id", job.jobId());
        b.header("X-TimeOS-Attempt", Integer.toString(job.attempt()));
        signature.ifPresent(s -> {
            long now = clock.instant().getEpochSecond();
            b.header(Signature.TIMESTAMP_HEADER, Long.toString(now));
            b.header(Signature.SIGNATURE_HEADER, s.sign(now, w.body()));
        });
        return b.build();
    }

    /** The start of the body for an error excerpt; a little more is drained so the pooled connection can be reused. */
    private static String read(InputStream in) throws IOException {
        try (in) {
            byte[] start = in.readNBytes(EXCERPT_BYTES);
            long skipped = 0;
            byte[] sink = new byte[8192];
            int n;
            while (skipped < DRAIN_BYTES && (n = in.read(sink)) > 0) {
                skipped += n;
            }
            return new String(start, StandardCharsets.UTF_8);
        }
    }
}

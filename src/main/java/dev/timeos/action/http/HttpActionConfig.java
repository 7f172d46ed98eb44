package dev.timeos.action.http;

import dev.timeos.schedule.Durations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;

/** The http action's MicroProfile Config keys (README, "Actions that reach the world"). */
@ApplicationScoped
public class HttpActionConfig {

    @Inject
    @ConfigProperty(name = "timeos.http.allowed-hosts")
    Optional<String> allowedHosts;

    @Inject
    @ConfigProperty(name = "timeos.http.signing-secret")
    Optional<String> signingSecret;

    @Inject
    @ConfigProperty(name = "timeos.http.timeout", defaultValue = "PT30S")
    String timeout;

    @Inject
    @ConfigProperty(name = "timeos.http.connect-timeout", defaultValue = "PT10S")
    String connectTimeout;

    @Inject
    @ConfigProperty(name = "timeos.http.max-redirects", defaultValue = "5")
    int maxRedirects;

    public AllowedHosts allowedHosts() {
        return AllowedHosts.parse(allowedHosts.orElse(null));
    }

    /** The HMAC key, or empty: no signature header then. */
    public Optional<Signature> signature() {
        return signingSecret.filter(s -> !s.isEmpty()).map(Signature::new);
    }

    /** A request's timeout when its job has none. */
    public Duration timeout() {
        return Durations.parse(timeout);
    }

    public Duration connectTimeout() {
        return Durations.parse(connectTimeout);
    }

    public int maxRedirects() {
        return Math.max(0, maxRedirects);
    }
}

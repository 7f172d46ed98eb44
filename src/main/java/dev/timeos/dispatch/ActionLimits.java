package dev.timeos.dispatch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-action limits from MicroProfile Config, on top of the global {@code timeos.workers}:
 * {@code timeos.actions.<action>.max-concurrency} (jobs of the action running at once on this node) and
 * {@code timeos.actions.<action>.rate-limit-per-minute} (starts per minute on this node, see
 * {@link StartRateLimiter}). As environment variables, MicroProfile Config's mapping applies: every
 * character that is not a letter or digit becomes {@code _}, upper case, e.g.
 * {@code TIMEOS_ACTIONS_SEND_EMAIL_RATE_LIMIT_PER_MINUTE}.
 * <p>
 * Read once per action and kept: the dispatcher asks for every job it claims.
 */
@ApplicationScoped
public class ActionLimits {

    /** The limits of one action; 0 = none. */
    record Limits(int maxConcurrency, int ratePerMinute) {
    }

    @Inject
    Config config;

    private final Map<String, Limits> byAction = new ConcurrentHashMap<>();

    public OptionalInt maxConcurrency(String action) {
        int n = of(action).maxConcurrency();
        return n > 0 ? OptionalInt.of(n) : OptionalInt.empty();
    }

    public OptionalInt rateLimitPerMinute(String action) {
        int n = of(action).ratePerMinute();
        return n > 0 ? OptionalInt.of(n) : OptionalInt.empty();
    }

    private Limits of(String action) {
        return byAction.computeIfAbsent(action, a -> new Limits(
                positive("timeos.actions." + a + ".max-concurrency"),
                positive("timeos.actions." + a + ".rate-limit-per-minute")));
    }

    private int positive(String key) {
        return config.getOptionalValue(key, Integer.class).filter(n -> n > 0).orElse(0);
    }
}

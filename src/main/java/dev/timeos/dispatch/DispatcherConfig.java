package dev.timeos.dispatch;

import dev.timeos.schedule.Durations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/** The dispatcher's MicroProfile Config keys (README, "Configuration"). */
@ApplicationScoped
public class DispatcherConfig {

    @Inject
    @ConfigProperty(name = "timeos.workers", defaultValue = "8")
    int workers;

    @Inject
    @ConfigProperty(name = "timeos.dispatcher.batch-size", defaultValue = "1000")
    int batchSize;

    @Inject
    @ConfigProperty(name = "timeos.dispatcher.poll-interval", defaultValue = "PT5S")
    String pollInterval;

    @Inject
    @ConfigProperty(name = "timeos.dispatcher.claim-ahead", defaultValue = "20ms")
    String claimAhead;

    @Inject
    @ConfigProperty(name = "timeos.lease.duration", defaultValue = "PT10S")
    String leaseDuration;

    @Inject
    @ConfigProperty(name = "timeos.shutdown.grace-period", defaultValue = "PT10S")
    String gracePeriod;

    @Inject
    @ConfigProperty(name = "timeos.node.id")
    Optional<String> nodeId;

    @Inject
    @ConfigProperty(name = "timeos.server.name", defaultValue = "server")
    String serverName;

    public int workers() {
        return Math.max(1, workers);
    }

    /**
     * The cap of one claim. The claim itself asks for the free workers plus what finished in the last 25-50 ms (see
     * {@code Dispatcher.tick}), so slow jobs keep claims small and leave the rest to other nodes; the cap binds only
     * when jobs are fast. Measured draining 50,000 no-op jobs on PostgreSQL, same sitting: cap 100 8,070 / 11,613 jobs
     * a second, 300 10,420 / 15,833, 1,000 16,592 / 23,898 (fewer claims and commits per job); Derby 2,365 -> 2,915;
     * start lateness unchanged.
     */
    public int batchSize() {
        return Math.max(1, batchSize);
    }

    /** The safety net: the dispatcher wakes at least this often even when it expects nothing. */
    public Duration pollInterval() {
        return Durations.parse(pollInterval);
    }

    /**
     * How long before a job is due the dispatcher claims it, to start it on its due millisecond from memory (the claim's
     * round trip then costs no lateness). A claimed job shows RUNNING for up to this long before it starts, and counts
     * against the workers meanwhile, so it stays short: about the time of a claim under load. 0 turns it off.
     */
    public Duration claimAhead() {
        Duration d = Durations.parse(claimAhead);
        return d.isNegative() ? Duration.ZERO : d;
    }

    public Duration leaseDuration() {
        return Durations.parse(leaseDuration);
    }

    public Duration gracePeriod() {
        return Durations.parse(gracePeriod);
    }

    /** Stable across restarts of one server, so that a restarted node at once re-runs what it left running. */
    public String nodeId() {
        return nodeId.filter(s -> !s.isBlank()).orElseGet(() -> hostName() + "/" + serverName);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}

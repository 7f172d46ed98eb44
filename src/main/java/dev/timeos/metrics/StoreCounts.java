package dev.timeos.metrics;

import dev.timeos.schedule.TimeOSClock;
import dev.timeos.dispatch.Dispatcher;
import dev.timeos.job.JobService;
import dev.timeos.job.JobStatus;
import dev.timeos.rule.RuleService;
import dev.timeos.schedule.Durations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The table counts that gauges and {@code GET /api/health} show, read at most once per
 * {@code timeos.metrics.count-cache} (5 s) on this node however often they are scraped: a COUNT of a table with
 * millions of rows per scrape, on every node, would cost the database more than the engine does. Between refreshes
 * every reader gets the same snapshot; a refresh that fails (the database is away) keeps the last one, which says
 * when it was taken.
 */
@ApplicationScoped
public class StoreCounts {

    private static final Logger LOG = Logger.getLogger(StoreCounts.class.getName());

    /** Counts as of {@code at}. {@code due}: claimable jobs whose time has come, on every node. */
    public record Counts(Instant at, Map<JobStatus, Long> jobs, long due, long rules, long enabledRules) {

        public long jobs(JobStatus status) {
            return jobs.getOrDefault(status, 0L);
        }
    }

    @Inject
    JobService jobs;

    @Inject
    RuleService rules;

    @Inject
    Dispatcher dispatcher;

    @Inject
    @TimeOSClock
    Clock clock;

    @Inject
    @ConfigProperty(name = "timeos.metrics.count-cache", defaultValue = "PT5S")
    String maxAge;

    private volatile Counts latest;
    private volatile Duration bound;

    /** The latest counts, refreshed first when older than the bound; empty when none could ever be read. */
    public Optional<Counts> current() {
        Counts c = latest;
        if (c == null || isStale(c)) {
            refresh();
        }
        return Optional.ofNullable(latest);
    }

    /** The latest counts as they are, however old: for when the database is known to be away. */
    public Optional<Counts> latest() {
        return Optional.ofNullable(latest);
    }

    private boolean isStale(Counts c) {
        Duration b = bound;
        if (b == null) {
            b = bound = Durations.parse(maxAge);
        }
        return !clock.instant().isBefore(c.at().plus(b));
    }

    /** One refresh at a time: readers arriving meanwhile take the snapshot it leaves. */
    private synchronized void refresh() {
        Counts c = latest;
        if (c != null && !isStale(c)) {
            return;
        }
        try {
            Instant now = clock.instant();
            latest = new Counts(now, Map.copyOf(jobs.countByStatus()), dispatcher.dueBacklog(), rules.count(),
                    rules.countEnabled());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "TimeOS: could not refresh the store counts; keeping the last ones", e);
        }
    }
}

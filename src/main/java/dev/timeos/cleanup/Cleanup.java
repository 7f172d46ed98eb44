package dev.timeos.cleanup;

import dev.timeos.schedule.TimeOSClock;
import dev.timeos.event.EventRetention;
import dev.timeos.job.JdbcJobRepository;
import dev.timeos.job.JobStatus;
import dev.timeos.store.Database;
import dev.timeos.store.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.logging.Logger;

/**
 * Retention: removes old events, succeeded jobs and cancelled jobs (with their executions and decisions), never dead
 * letters. Each batch of at most {@code timeos.cleanup.batch-size} rows is its own short local transaction, so a
 * cleanup never holds the job table while it works through a backlog; the job rows are removed by the job repository
 * (the one writer of that table), each batch by one statement conditional on the ended status. One pass at a time on
 * this node (the timer and {@code POST /api/cleanup} take turns); passes of several nodes are safe, the conditions
 * make the later one find less.
 */
@ApplicationScoped
public class Cleanup {

    private static final Logger LOG = Logger.getLogger(Cleanup.class.getName());

    @Inject
    Database database;

    @Inject
    JdbcJobRepository jobs;

    @Inject
    RetentionSettings settings;

    @Inject
    @TimeOSClock
    Clock clock;

    private final ReentrantLock pass = new ReentrantLock();
    private volatile CleanupResult last;

    /** What a pass with {@code retention} would remove now. */
    public CleanupStats stats(Retention retention) {
        Retention.Cutoffs cut = retention.cutoffs(clock.instant());
        return Jdbc.inTransaction(database.dataSource(), c -> new CleanupStats(
                EventRetention.count(c, cut.events()),
                jobs.countEnded(c, JobStatus.SUCCEEDED, cut.successfulJobs()),
                jobs.countEnded(c, JobStatus.CANCELLED, cut.failedJobs())));
    }

    /** Removes what is older than {@code retention} allows, in bounded batches. */
    public CleanupResult run(Retention retention) {
        pass.lock();
        try {
            Instant start = clock.instant();
            Retention.Cutoffs cut = retention.cutoffs(start);
            int size = settings.batchSize();
            int[] batches = {0};
            // Jobs first: an event goes only once no job refers to it, so this pass can take the events they freed.
            long succeeded = drain(size, batches, () -> Jdbc.inTransaction(database.dataSource(),
                    c -> jobs.deleteEnded(c, JobStatus.SUCCEEDED, cut.successfulJobs(), size)));
            long cancelled = drain(size, batches, () -> Jdbc.inTransaction(database.dataSource(),
                    c -> jobs.deleteEnded(c, JobStatus.CANCELLED, cut.failedJobs(), size)));
            long events = drain(size, batches, () -> Jdbc.inTransaction(database.dataSource(),
                    c -> EventRetention.delete(c, cut.events(), size)));
            CleanupResult r = new CleanupResult(start, retention, events, succeeded, cancelled, batches[0],
                    Duration.between(start, clock.instant()));
            last = r;
            if (r.total() > 0) {
                LOG.info(() -> "TimeOS cleanup removed " + r.successfulJobs() + " succeeded and " + r.failedJobs()
                        + " cancelled jobs and " + r.events() + " events in " + r.batches() + " batches (" + r.took().toMillis() + " ms)");
            }
            return r;
        } finally {
            pass.unlock();
        }
    }

    /** Runs batches until one removes less than a full batch. */
    private static long drain(int size, int[] batches, IntSupplier batch) {
        long total = 0;
        int n;
        do {
            n = batch.getAsInt();
            batches[0]++;
            total += n;
        } while (n >= size);
        return total;
    }

    /** The latest pass on this node (by the timer or a client). */
    public Optional<CleanupResult> last() {
        return Optional.ofNullable(last);
    }
}

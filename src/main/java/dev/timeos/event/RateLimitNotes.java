package dev.timeos.event;

import dev.timeos.lifecycle.RateLimited;
import dev.timeos.store.Database;
import dev.timeos.store.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells an event that a rate limit deferred the job one of its rules made: the limit acts at start time, long after the
 * event was answered, so the dispatcher's {@link RateLimited} is written to the rule's decision afterwards.
 * <p>
 * The observer runs on the completion writer's thread, once the batch with the deferral's hand-back has committed
 * ({@code CommittedNotices}), and only queues; one task at a time writes what is queued in one batch, so that a backlog
 * held back by a limit (many deferrals per tick) costs one statement batch, not one transaction per job, and the
 * writer never waits for the database on its account. The queue is bounded: past {@link #MAX_QUEUED} a
 * note is dropped (logged), never the job; notes are lost with the node too. A note is observability, not state.
 */
@ApplicationScoped
public class RateLimitNotes {

    private static final Logger LOG = Logger.getLogger(RateLimitNotes.class.getName());
    static final int MAX_QUEUED = 10_000;
    private static final int BATCH = 500;

    @Inject
    Database database;

    @Resource
    ManagedExecutorService executor;

    private final ConcurrentLinkedQueue<RateLimited> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();

    void onRateLimited(@Observes RateLimited e) {
        if (e.ruleId() == null) {
            return; // a direct job: no event, no decision to tell
        }
        if (size.incrementAndGet() > MAX_QUEUED) {
            size.decrementAndGet();
            LOG.fine(() -> "TimeOS: job " + e.jobId() + " was rate limited; its event is not told (" + MAX_QUEUED
                    + " notes already wait to be written)");
            return;
        }
        queued.add(e);
        startDrain();
    }

    private void startDrain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            draining.set(false);
            LOG.log(Level.FINE, "TimeOS: rate-limit notes not written now (executor refused); the next deferral retries", e);
        }
    }

    private void drain() {
        try {
            List<RateLimited> batch = new ArrayList<>(BATCH);
            RateLimited next;
            while ((next = queued.poll()) != null) {
                size.decrementAndGet();
                batch.add(next);
                if (batch.size() == BATCH) {
                    write(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                write(batch);
            }
        } finally {
            draining.set(false);
        }
        if (!queued.isEmpty()) {
            startDrain();
        }
    }

    private void write(List<RateLimited> batch) {
        try {
            Jdbc.inTransaction(database.dataSource(), c -> {
                EventStore.noteRateLimited(c, batch);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TimeOS: " + batch.size() + " rate-limit note(s) could not be written to their events "
                    + "(jobs " + batch.stream().limit(5).map(RateLimited::jobId).toList() + "...); the jobs are unaffected", e);
        }
    }
}

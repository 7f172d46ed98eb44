package dev.timeos.dispatch;

import dev.timeos.job.Attempt;
import dev.timeos.job.AttemptEnd;
import dev.timeos.job.JobRepository;
import dev.timeos.job.Lease;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes what workers did, in batches: while one batch commits, the next gathers. One transaction records the
 * attempts that began (so a reaper can tell a lost run from a job that only waited) and the attempts that ended,
 * each end fenced by its lease. A job whose end is buffered here has not finished: its lease stays held and renewed
 * until the batch commits. Bound on re-runs when a node dies: the jobs running on it plus the ends of one batch.
 */
public final class CompletionWriter {

    private static final Logger LOG = Logger.getLogger(CompletionWriter.class.getName());
    static final int MAX_PER_WRITE = 1000;
    private static final JobRepository.Ended NOTHING_ENDED = new JobRepository.Ended(List.of(), List.of(), List.of(),
            List.of(), null);
    /** How long a start may wait for a batch of ends to ride with. */
    static final Duration START_MARK_DELAY = Duration.ofMillis(50);

    private final Clock clock;
    private final Transactions tx;
    private final JobRepository jobs;
    private final Timer timer;
    private final LeaseKeeper leases;
    private final Consumer<Written> onWritten;

    private final Queue<Attempt> starts = new ConcurrentLinkedQueue<>();
    private final Queue<AttemptEnd> ends = new ConcurrentLinkedQueue<>();
    /** Ends taken from the queue and not yet committed (for {@link #isPending}). */
    private final Set<String> writing = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean startMarkPending = new AtomicBoolean();
    private volatile boolean retrying;

    /** A committed batch: the ends written and what they led to. */
    public record Written(List<AttemptEnd> ends, JobRepository.Ended result) {
    }

    public CompletionWriter(Clock clock, Transactions tx, JobRepository jobs, Timer timer, LeaseKeeper leases,
                            Consumer<Written> onWritten) {
        this.clock = clock;
        this.tx = tx;
        this.jobs = jobs;
        this.timer = timer;
        this.leases = leases;
        this.onWritten = onWritten;
    }

    /**
     * A start is written with the next batch of ends, or after {@link #START_MARK_DELAY} at the latest: a short job
     * then costs no write of its own for its start (it starts and ends in one batch), and a long one is marked
     * well within a heartbeat. A node that dies within that delay of a start leaves the attempt looking unstarted:
     * it runs again all the same, its attempt number reused.
     */
    public void started(Attempt a) {
        starts.add(a);
        if (!startMarkPending.getAndSet(true)) {
            try {
                timer.schedule(() -> {
                    startMarkPending.set(false);
                    trigger();
                }, START_MARK_DELAY.toMillis());
            } catch (RuntimeException e) {
                startMarkPending.set(false);
                trigger();
            }
        }
    }

    public void ended(AttemptEnd e) {
        ends.add(e);
        trigger();
    }

    public void endedAll(List<AttemptEnd> batch) {
        ends.addAll(batch);
        trigger();
    }

    /** Whether an end of this job is buffered or being written: it has finished, though the database says RUNNING. */
    public boolean isPending(String jobId) {
        return writing.contains(jobId) || ends.stream().anyMatch(e -> e.attempt().id().equals(jobId));
    }

    private void trigger() {
        if (!retrying && scheduled.compareAndSet(false, true)) {
            try {
                timer.execute(this::drain);
            } catch (RuntimeException e) {
                // The executor is shutting down: the stop writes what is left.
                scheduled.set(false);
            }
        }
    }

    private void drain() {
        while (true) {
            if (!writeOnce()) {
                return;
            }
            if (starts.isEmpty() && ends.isEmpty()) {
                scheduled.set(false);
                // Something queued after our check and before the flag dropped: take it, unless another drain did.
                if ((starts.isEmpty() && ends.isEmpty()) || !scheduled.compareAndSet(false, true)) {
                    return;
                }
            }
        }
    }

    /** Writes one batch. @return false when the write failed and a retry is scheduled */
    private boolean writeOnce() {
        List<Attempt> startBatch = new ArrayList<>();
        List<AttemptEnd> endBatch = new ArrayList<>();
        Attempt s;
        while (startBatch.size() < MAX_PER_WRITE && (s = starts.poll()) != null) {
            startBatch.add(s);
        }
        AttemptEnd e;
        while (endBatch.size() < MAX_PER_WRITE && (e = ends.poll()) != null) {
            endBatch.add(e);
        }
        if (startBatch.isEmpty() && endBatch.isEmpty()) {
            return true;
        }
        endBatch.forEach(x -> writing.add(x.attempt().id()));
        try {
            write(startBatch, endBatch);
            return true;
        } catch (RuntimeException ex) {
            // Nothing is lost: the jobs stay RUNNING under this node's renewed leases until written.
            LOG.log(Level.WARNING, "TimeOS: could not record " + endBatch.size() + " finished job(s); retrying", ex);
            starts.addAll(startBatch);
            ends.addAll(endBatch);
            retrying = true;
            scheduled.set(false);
            try {
                timer.schedule(() -> {
                    retrying = false;
                    trigger();
                }, Waiter.RETRY_AFTER_ERROR.toMillis());
            } catch (RuntimeException refused) {
                retrying = false;
            }
            return false;
        } finally {
            endBatch.forEach(x -> writing.remove(x.attempt().id()));
        }
    }

    private void write(List<Attempt> startBatch, List<AttemptEnd> endBatch) {
        Set<Lease> endedHere = new HashSet<>();
        endBatch.forEach(x -> endedHere.add(x.attempt().lease()));
        // An attempt that starts and ends within one batch needs no start mark.
        List<Attempt> marks = startBatch.stream().filter(a -> !endedHere.contains(a.lease())).toList();
        JobRepository.Ended result = leases.writingOwnRows(() -> tx.run(c -> {
            if (!marks.isEmpty()) {
                jobs.markStarted(c, marks);
            }
            return endBatch.isEmpty() ? NOTHING_ENDED : jobs.end(c, endBatch, clock.instant());
        }));
        endBatch.forEach(x -> leases.release(x.attempt().lease()));
        if (!result.stale().isEmpty()) {
            LOG.warning(() -> "TimeOS: " + result.stale().size() + " attempt(s) ended after this node had lost their "
                    + "claim; recorded as STALE, not applied: " + result.stale());
        }
        onWritten.accept(new Written(endBatch, result));
    }

    /** At shutdown, on the stopping thread: writes everything left, at once. */
    public void flushNow() {
        scheduled.set(true);
        for (int i = 0; i < 3 && !(starts.isEmpty() && ends.isEmpty()); i++) {
            List<Attempt> startBatch = new ArrayList<>();
            List<AttemptEnd> endBatch = new ArrayList<>();
            Attempt s;
            while ((s = starts.poll()) != null) {
                startBatch.add(s);
            }
            AttemptEnd e;
            while ((e = ends.poll()) != null) {
                endBatch.add(e);
            }
            try {
                write(startBatch, endBatch);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "TimeOS: could not record every outcome at shutdown; leases will expire and "
                        + "the jobs run again", ex);
                return;
            }
        }
    }

    /** For tests. */
    int buffered() {
        return starts.size() + ends.size();
    }
}

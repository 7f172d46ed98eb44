package dev.timeos.dispatch;

import dev.timeos.job.Attempt;
import dev.timeos.job.Lease;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The workers: at most {@code size} attempts are performed at once, each worker taking admitted attempts from a
 * ready queue until it is empty. Attempts are kept by {@link Lease} (job and claim), so a job's second attempt on
 * this node is never confused with its first. An attempt can be asked to stop ({@link Stop}): its thread is
 * interrupted, and the reason decides how the attempt ends.
 * <p>
 * An attempt claimed ahead of its due time (the dispatcher's claim-ahead window) is <em>held</em>: admitted here,
 * but put in the ready queue by the timer on its due millisecond, never before. So the claim's database round trip
 * happens before the job is due, and the start waits only for the timer. A held attempt asked to stop is released at
 * once, so that its end (cancelled, claim lost) is written without waiting for its due time.
 */
public final class WorkerPool {

    private static final Logger LOG = Logger.getLogger(WorkerPool.class.getName());

    /** Why an attempt was asked to stop. */
    public enum Stop {
        /** the job was cancelled */
        CANCELLED,
        /** it ran past its timeout */
        TIMEOUT,
        /** the node is shutting down */
        RELEASED,
        /** this node's claim is no longer valid: the job was taken back or changed elsewhere */
        CLAIM_LOST
    }

    /** An attempt admitted to run here, and why it was asked to stop, if it was. */
    public static final class Running {
        final Attempt attempt;
        private volatile Thread thread;
        private volatile Stop stop;
        volatile Timer.Scheduled timeout;

        Running(Attempt attempt) {
            this.attempt = attempt;
        }

        public Attempt attempt() {
            return attempt;
        }

        public Stop stopReason() {
            return stop;
        }

        synchronized void stop(Stop reason) {
            if (stop == null) {
                stop = reason;
                Thread t = thread;
                if (t != null) {
                    t.interrupt();
                }
            }
        }

        synchronized void bind(Thread t) {
            thread = t;
        }
    }

    private final int size;
    private final Executor executor;
    private final Timer timer;
    private final BiConsumer<Running, Runnable> perform;
    private final Queue<Running> ready = new ConcurrentLinkedQueue<>();
    /**
     * Admitted, waiting for their due millisecond. Moving an attempt from here to {@link #ready} and closing the pool
     * both hold this set's lock, so an attempt released while the pool closes is either answered by the close or
     * queued before the close drains the queue, never neither.
     */
    private final Set<Running> held = new java.util.HashSet<>();
    private final Map<Lease, Running> admitted = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> byAction = new ConcurrentHashMap<>();
    private final AtomicInteger activeWorkers = new AtomicInteger();
    private final RecentCount recentlyFinished = new RecentCount();
    private final Clock clock;
    private volatile boolean open = true;

    /**
     * @param perform performs one attempt on the worker's thread; it calls the given Runnable when the attempt no
     *                longer occupies its slot (before its end is written), so the next attempt may start
     */
    public WorkerPool(int size, Executor executor, Timer timer, Clock clock, BiConsumer<Running, Runnable> perform) {
        this.size = size;
        this.executor = executor;
        this.timer = timer;
        this.clock = clock;
        this.perform = perform;
    }

    public int size() {
        return size;
    }

    /** Attempts admitted here: waiting for a worker or being performed. */
    public int inFlight() {
        return admitted.size();
    }

    public int running(String action) {
        AtomicInteger n = byAction.get(action);
        return n == null ? 0 : n.get();
    }

    /** How many attempts finished in the last claim-ahead window (see {@link RecentCount}). */
    public int recentlyFinished() {
        return recentlyFinished.get(clock.millis());
    }

    /**
     * Queues an admitted attempt; a worker starts it when one is free. One not yet due is held until its due
     * millisecond (see the class comment).
     */
    public void submit(Attempt a) {
        Running r = new Running(a);
        admitted.put(a.lease(), r);
        byAction.computeIfAbsent(a.action(), x -> new AtomicInteger()).incrementAndGet();
        long wait = untilDue(r);
        if (wait <= 0) {
            ready.add(r);
            return;
        }
        synchronized (held) {
            held.add(r);
        }
        releaseAfter(r, wait);
    }

    /** How many milliseconds until the attempt is due (0 or less: due). */
    private long untilDue(Running r) {
        return r.attempt.performAt().toEpochMilli() - clock.millis();
    }

    private void releaseAfter(Running r, long wait) {
        try {
            timer.schedule(() -> release(r), wait);
        } catch (RuntimeException e) {
            // The executor is shutting down: the attempt stays held, and closing the pool answers it unstarted.
            LOG.log(Level.FINE, "TimeOS: could not time a held attempt; it is handed back when the pool closes", e);
        }
    }

    /** Moves a held attempt to the ready queue on its due millisecond, or at once when it was asked to stop. */
    private void release(Running r) {
        long wait = untilDue(r);
        if (wait > 0 && r.stopReason() == null) {
            // The timer ran before the clock reached the due millisecond (they are different clocks): wait the rest.
            releaseAfter(r, wait);
            return;
        }
        synchronized (held) {
            if (!held.remove(r)) {
                return;
            }
            ready.add(r);
        }
        startWorkers();
    }

    /** Attempts held for their due millisecond (for tests and health). */
    public int held() {
        synchronized (held) {
            return held.size();
        }
    }

    /** Starts workers for the ready attempts, up to the pool's size. @return false if the executor refused */
    public boolean startWorkers() {
        while (open && !ready.isEmpty()) {
            int n = activeWorkers.get();
            if (n >= size) {
                return true;
            }
            if (!activeWorkers.compareAndSet(n, n + 1)) {
                continue;
            }
            try {
                executor.execute(this::work);
            } catch (RuntimeException e) {
                activeWorkers.decrementAndGet();
                LOG.log(Level.WARNING, "TimeOS: the executor refused a worker", e);
                return false;
            }
        }
        return true;
    }

    private void work() {
        try {
            Running r;
            while (open && (r = ready.poll()) != null) {
                Running current = r;
                r.bind(Thread.currentThread());
                try {
                    perform.accept(r, () -> finished(current));
                } finally {
                    r.bind(null);
                    Thread.interrupted();
                    finished(r);
                }
            }
        } finally {
            activeWorkers.decrementAndGet();
        }
        // An attempt made ready between this worker's last poll and its exit must not wait for the next tick.
        if (open && !ready.isEmpty()) {
            startWorkers();
        }
    }

    /** Frees the attempt's slot (idempotent). */
    private void finished(Running r) {
        if (admitted.remove(r.attempt.lease(), r)) {
            AtomicInteger n = byAction.get(r.attempt.action());
            if (n != null) {
                n.decrementAndGet();
            }
            recentlyFinished.add(clock.millis());
        }
    }

    /** Asks every attempt of this job here to stop. */
    public void stop(String jobId, Stop reason) {
        for (Running r : admitted.values()) {
            if (r.attempt.id().equals(jobId)) {
                stop(r, reason);
            }
        }
    }

    public void stop(Lease lease, Stop reason) {
        Running r = admitted.get(lease);
        if (r != null) {
            stop(r, reason);
        }
    }

    private void stop(Running r, Stop reason) {
        r.stop(reason);
        // Held for a later due time: its end is written now, not when it would have been due.
        release(r);
    }

    /** Closes the pool: no worker takes another attempt; the ones no worker started are answered. */
    public List<Attempt> close() {
        open = false;
        List<Attempt> notStarted = new ArrayList<>();
        // The held first, under the lock a release takes: one released before this is in the ready queue below.
        synchronized (held) {
            for (Running h : held) {
                finishedWithoutRunning(h);
                notStarted.add(h.attempt);
            }
            held.clear();
        }
        Running r;
        while ((r = ready.poll()) != null) {
            finishedWithoutRunning(r);
            notStarted.add(r.attempt);
        }
        return notStarted;
    }

    /** Attempts being performed now. */
    public List<Running> running() {
        return List.copyOf(admitted.values());
    }

    /** Stops the attempts still running and answers them; their workers' own ends come later and are stale. */
    public List<Attempt> abandon(Stop reason) {
        List<Attempt> left = new ArrayList<>();
        for (Running r : admitted.values()) {
            r.stop(reason);
            if (admitted.remove(r.attempt.lease(), r)) {
                left.add(r.attempt);
            }
        }
        return left;
    }

    private void finishedWithoutRunning(Running r) {
        if (admitted.remove(r.attempt.lease(), r)) {
            AtomicInteger n = byAction.get(r.attempt.action());
            if (n != null) {
                n.decrementAndGet();
            }
        }
    }
}

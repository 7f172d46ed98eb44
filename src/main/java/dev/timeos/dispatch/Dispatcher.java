package dev.timeos.dispatch;

import dev.timeos.json.JsonP;
import dev.timeos.schedule.TimeOSClock;
import dev.timeos.action.ActionRegistry;
import dev.timeos.action.JobContext;
import dev.timeos.action.PermanentFailure;
import dev.timeos.action.RetryLater;
import dev.timeos.action.Performer;
import dev.timeos.job.Attempt;
import dev.timeos.job.AttemptEnd;
import dev.timeos.job.JobRepository;
import dev.timeos.job.JobService;
import dev.timeos.job.JobsCancelled;
import dev.timeos.job.JobsScheduled;
import dev.timeos.lifecycle.JobDead;
import dev.timeos.lifecycle.JobFailed;
import dev.timeos.lifecycle.JobStarted;
import dev.timeos.lifecycle.JobSucceeded;
import dev.timeos.lifecycle.LifecycleEvents;
import dev.timeos.store.Database;
import dev.timeos.store.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs due jobs on this node. It is the place where the parts meet, each found by name:
 * <ul>
 *   <li>{@link Waiter}: when to tick (the soonest due job, a job created sooner, a freed worker, the safety poll);</li>
 *   <li>the tick ({@link #tick()}): claims due jobs in one statement, as many as workers are free plus what
 *       finished in the last claim-ahead window, so one claim serves many short jobs;</li>
 *   <li>{@link Admission}: rate limits and per-action concurrency; a refused attempt is handed back unstarted;</li>
 *   <li>{@link WorkerPool}: performs admitted attempts on threads of its own, at most {@code timeos.workers};</li>
 *   <li>{@link #perform}: the overlap policy of recurring rules, the performer, the attempt's end;</li>
 *   <li>{@link CompletionWriter}: records starts and ends in batches, fenced by each attempt's lease;</li>
 *   <li>{@link LeaseKeeper}: renews exactly what this node holds, hands back what it claimed and does not hold,
 *       and takes back the jobs of dead nodes (called by the {@link LeaseReaper} timer).</li>
 * </ul>
 * The job's state itself belongs to the job package: {@link Attempt}'s transitions decide what an end means, the
 * {@link JobRepository} writes it.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
    /**
     * Classes the graceful stop may use for the first time. At undeploy the server can remove the WAR before the
     * application's {@code @BeforeDestroyed} observers run, and a class first loaded then cannot be read: the stop
     * would fail and hand nothing back. Naming them here loads them with this class.
     */
    @SuppressWarnings("unused")
    private static final Class<?>[] NEEDED_AT_STOP = {WorkerPool.Stop.class, Attempt.class, AttemptEnd.class,
            JobRepository.Ended.class, CompletionWriter.Written.class, dev.timeos.job.Execution.Outcome.class,
            dev.timeos.job.Lease.class, JobSucceeded.class, JobFailed.class, JobDead.class};

    /** After a shutdown asked running attempts to stop, how long they get to end by themselves. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(1);

    @Resource
    ManagedScheduledExecutorService scheduler;

    /**
     * The workers' threads come from a thread factory, not from the managed executor: on Liberty that executor is the
     * server's one thread pool, which also serves HTTP requests, so eight long jobs could hold every thread it had
     * grown to and a REST call waited until one ended (seen: a POST /api/jobs answered after 29 s). Threads of their
     * own, with the application's context, keep the API answering whatever the jobs do.
     */
    @Resource
    ManagedThreadFactory threadFactory;

    private ThreadPoolExecutor workerThreads;

    @Inject
    ActionRegistry actions;

    @Inject
    @TimeOSClock
    Clock clock;

    @Inject
    DispatcherConfig config;

    @Inject
    ActionLimits actionLimits;

    @Inject
    Instance<RuleLimits> ruleLimits;

    @Inject
    JobService jobService;

    @Inject
    JobRepository jobs;

    @Inject
    Database database;

    @Inject
    LifecycleEvents lifecycle;

    @Inject
    Event<ClaimBatch> claims;

    private String node;
    private Timer timer;
    private Transactions tx;
    private Waiter waiter;
    private WorkerPool pool;
    private Admission admission;
    private CompletionWriter writer;
    private LeaseKeeper leases;
    /** Set at start: what each committed batch reports (CDI injects {@code lifecycle} after construction). */
    private CommittedNotices notices;
    private Timer.Scheduled heartbeat;
    /** Jobs due within this much of a tick are claimed by it and held until their due millisecond (WorkerPool). */
    private Duration claimAhead = Duration.ZERO;
    private volatile boolean running;
    /** The last claim took all it asked for: more may be due, and a freed worker should tick. */
    private volatile boolean backlog;
    /** When the last tick began: the scheduler liveness check tells a stuck dispatcher from an idle one by it. */
    private volatile Instant lastTick;

    /** Starts dispatching: first re-runs what this node left running when it last stopped. */
    public void start() {
        if (ruleLimits.isAmbiguous()) {
            // Two answers to "what are this rule's limits" would silently mean none: refuse to start instead.
            throw new IllegalStateException("TimeOS: more than one RuleLimits bean is deployed; rule rate limits "
                    + "and overlap policies need exactly one");
        }
        node = config.nodeId();
        timer = managedTimer(scheduler);
        tx = new Transactions() {
            @Override
            public <T> T run(Work<T> work) {
                return Jdbc.inTransaction(database.dataSource(), work::apply);
            }
        };
        RuleLimits rules = ruleLimits.isResolvable() ? ruleLimits.get() : ruleId -> java.util.OptionalInt.empty();
        leases = new LeaseKeeper(clock, tx, jobs, node, config.leaseDuration());
        claimAhead = config.claimAhead();
        workerThreads = new ThreadPoolExecutor(config.workers(), config.workers(), 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(), threadFactory);
        // Idle workers' threads end after a minute; a busy node keeps them.
        workerThreads.allowCoreThreadTimeOut(true);
        pool = new WorkerPool(config.workers(), workerThreads, timer, clock, this::perform);
        admission = new Admission(clock, actionLimits, rules, pool::running);
        notices = new CommittedNotices(lifecycle::fire);
        writer = new CompletionWriter(clock, tx, jobs, timer, leases, this::written);
        waiter = new Waiter(clock, timer, this::tick);
        // Initialized now, not first at stop (see NEEDED_AT_STOP).
        WorkerPool.Stop.values();
        leases.recover();
        running = true;
        long beat = leases.beat().toMillis();
        heartbeat = timer.scheduleAtFixedRate(() -> leases.beat(l -> pool.stop(l, WorkerPool.Stop.CLAIM_LOST)), beat);
        LOG.info(() -> "TimeOS dispatcher started on node " + node + " with " + pool.size() + " workers, leases of "
                + config.leaseDuration() + " renewed every " + leases.beat());
        waiter.wakeNow();
    }

    static Timer managedTimer(ManagedScheduledExecutorService s) {
        return new Timer() {
            @Override
            public Scheduled schedule(Runnable task, long delayMillis) {
                var f = s.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public Scheduled scheduleAtFixedRate(Runnable task, long periodMillis) {
                var f = s.scheduleAtFixedRate(task, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public void execute(Runnable task) {
                s.execute(task);
            }
        };
    }

    public String node() {
        return node;
    }

    public boolean isRunning() {
        return running;
    }

    public int inFlight() {
        return pool == null ? 0 : pool.inFlight();
    }

    /** Jobs due now and not yet claimed, on every node: the backlog (one COUNT query; for metrics scrapes). */
    public long dueBacklog() {
        return tx == null ? 0 : tx.run(c -> jobs.countDue(c, clock.instant()));
    }

    /** Wakes the dispatcher at {@code at} unless it already wakes sooner. */
    public void wakeAt(Instant at) {
        Waiter w = waiter;
        if (running && w != null) {
            w.wakeAt(at);
        }
    }

    /** Wakes in time to claim a job due at {@code due} ahead of it. */
    private void wakeFor(Instant due) {
        wakeAt(due.minus(claimAhead));
    }

    void onScheduled(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobsScheduled e) {
        wakeFor(e.earliest());
    }

    void onCancelled(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobsCancelled e) {
        if (pool != null) {
            e.ids().forEach(id -> pool.stop(id, WorkerPool.Stop.CANCELLED));
        }
    }

    /** When the latest tick began (null before the first). */
    public Instant lastTick() {
        return lastTick;
    }

    /** The soonest due time of a claimable job, on any node (one index probe; for the scheduler health check). */
    public Optional<Instant> nextDue() {
        return tx == null ? Optional.empty() : tx.run(c -> jobs.nextDue(c, Set.of()));
    }

    /** One pass: claim what may start, admit it, and answer when to look again. */
    private Instant tick() {
        Instant now = clock.instant();
        lastTick = now;
        Instant poll = now.plus(config.pollInterval());
        if (!running) {
            return poll;
        }
        int batch = config.batchSize();
        int lookahead = Math.min(batch, pool.recentlyFinished());
        int want = Math.min(pool.size() + lookahead - pool.inFlight(), batch);
        Set<String> skipped = admission.actionsAtLimit(now, actions.names());
        if (want <= 0) {
            // Every worker is busy and more may be due: a finishing worker ticks again.
            backlog = true;
            return poll;
        }
        Instant dueBy = now.plus(claimAhead);
        List<Attempt> claimed = tx.run(c -> jobs.claim(c, node, now, dueBy, want, leases.leaseUntil(now), skipped));
        leases.hold(claimed);
        admit(claimed, now);
        try {
            claims.fire(new ClaimBatch(want, claimed.size()));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "TimeOS: a ClaimBatch observer failed; ignored", e);
        }
        backlog = claimed.size() == want;
        if (backlog) {
            return pool.inFlight() < pool.size() ? now : poll;
        }
        // Everything due by dueBy was claimed (or is another node's): the next due job is later, so this wakes after now.
        Instant next = tx.run(c -> jobs.nextDue(c, skipped)).map(due -> due.minus(claimAhead)).orElse(poll);
        Instant slot = admission.soonestRateSlot();
        if (slot != null && slot.isBefore(next)) {
            next = slot;
        }
        return next.isAfter(poll) ? poll : next;
    }

    /** Starts what the limits admit and hands the rest back unstarted; a failure here hands back all not started. */
    private void admit(List<Attempt> claimed, Instant now) {
        List<AttemptEnd> back = new ArrayList<>();
        int submitted = 0;
        try {
            for (Attempt a : claimed) {
                Admission.Verdict v = admission.admit(a);
                if (v.starts()) {
                    pool.submit(a);
                } else {
                    back.add(a.notStarted(v.until(), now));
                    if (v.rateLimited() != null) {
                        // Reported once the hand-back below commits (written), not before; registered before it is
                        // queued (endedAll, after this loop), since the writer may commit it at once.
                        notices.deferred(a.lease(), v.rateLimited());
                    }
                }
                submitted++;
            }
        } catch (RuntimeException | Error e) {
            // Whatever failed, the claimed jobs go back: held, they would stay RUNNING under leases this node renews.
            LOG.log(e instanceof Error ? Level.SEVERE : Level.WARNING,
                    "TimeOS: admitting claimed jobs failed; handing the rest back unstarted", e);
            for (Attempt a : claimed.subList(submitted, claimed.size())) {
                back.add(a.notStarted(a.performAt(), now));
            }
        }
        if (!pool.startWorkers()) {
            pool.close().forEach(a -> back.add(a.notStarted(a.performAt(), now)));
        }
        if (!back.isEmpty()) {
            writer.endedAll(back);
        }
    }

    /** One attempt, on a worker's thread. {@code free} releases its worker slot before the end is written. */
    private void perform(WorkerPool.Running r, Runnable free) {
        Attempt a = r.attempt().startedAt(clock.instant());
        AttemptEnd end;
        try {
            end = run(r, a);
        } catch (RuntimeException e) {
            end = a.failed(describe(e), false, clock.instant());
        }
        free.run();
        writer.ended(end);
        if ((backlog || admission.saturated()) && running) {
            wakeAt(clock.instant());
        }
    }

    private AttemptEnd run(WorkerPool.Running r, Attempt a) {
        if (r.stopReason() != null) {
            // Stopped while it waited for a worker: never started.
            return stopped(r, a);
        }
        writer.started(a);
        Timer.Scheduled timeout = null;
        if (a.timeout() != null) {
            timeout = timer.schedule(() -> r.stop(WorkerPool.Stop.TIMEOUT), a.timeout().toMillis());
        }
        try {
            String skip = overlap(a);
            if (skip != null) {
                return a.skipped(skip, clock.instant());
            }
            lifecycle.fire(new JobStarted(a.id(), a.action(), a.ruleId(), a.attempt(), node, a.performAt(), a.startedAt()));
            Performer performer = actions.find(a.action())
                    .orElseThrow(() -> new PermanentFailure("no performer for action '" + a.action() + "'"));
            performer.perform(context(a));
            return r.stopReason() != null ? stopped(r, a) : a.succeeded(clock.instant());
        } catch (PermanentFailure e) {
            return r.stopReason() != null ? stopped(r, a) : a.failed(describe(e), true, clock.instant());
        } catch (RetryLater e) {
            return r.stopReason() != null ? stopped(r, a)
                    : a.failedRetryNotBefore(describe(e), e.notBefore(), clock.instant());
        } catch (Throwable t) {
            return r.stopReason() != null ? stopped(r, a) : a.failed(describe(t), false, clock.instant());
        } finally {
            if (timeout != null) {
                timeout.cancel();
            }
        }
    }

    /** An attempt asked to stop ends as the reason says. */
    private AttemptEnd stopped(WorkerPool.Running r, Attempt a) {
        Instant at = clock.instant();
        WorkerPool.Stop reason = r.stopReason();
        // Not a switch: javac would put its enum map in a synthetic class first loaded here, which at shutdown can
        // be after the application's class loader has closed.
        if (reason == WorkerPool.Stop.TIMEOUT) {
            return a.timedOut(at);
        } else if (reason == WorkerPool.Stop.CANCELLED) {
            return a.cancelled(at);
        } else if (reason == WorkerPool.Stop.RELEASED) {
            return a.startedAt() == null ? a.notStarted(a.performAt(), at) : a.released(at);
        }
        return a.failed("interrupted: this node's claim is no longer valid", false, at);
    }

    /**
     * The rule's overlap policy, against the previous occurrence of the rule (by occurrence time, through the
     * (rule, occurrence) index): while it still runs on any node, {@code skip} answers why this one is skipped;
     * {@code cancel-previous} cancels it (interrupting it here, elsewhere at its node's next heartbeat) and lets
     * this one run. An occurrence is never held back by a later one.
     */
    private String overlap(Attempt a) {
        if (a.ruleId() == null || a.occurrenceAt() == null || !ruleLimits.isResolvable()) {
            return null;
        }
        OverlapPolicy policy = ruleLimits.get().overlap(a.ruleId());
        if (policy == OverlapPolicy.RUN) {
            return null;
        }
        Optional<String> previous = tx.run(c -> jobs.runningPreviousOccurrence(c, a.ruleId(), a.occurrenceAt()))
                // Finished here but not written yet: not running any more.
                .filter(id -> !writer.isPending(id));
        if (previous.isEmpty()) {
            return null;
        }
        if (policy == OverlapPolicy.SKIP) {
            return "skipped: the previous run of its rule is still running (" + previous.get() + ")";
        }
        // Only if still running when written: one that failed since the read keeps its retry.
        jobService.cancelIfRunning(previous.get(), "overlap policy cancel-previous: the next occurrence of rule "
                + a.ruleId() + " (" + a.id() + ") started");
        return null;
    }

    private static JobContext context(Attempt a) {
        JsonObject args = JsonP.readObject(a.args());
        return new JobContext(a.id(), a.action(), a.attempt(), a.maxAttempts(), args, a.target(), a.performAt(),
                a.ruleId(), a.eventId(), a.timeout());
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** After a batch committed: wake for retries and released dependents, and tell observers what happened. */
    private void written(CompletionWriter.Written w) {
        JobRepository.Ended result = w.result();
        if (result.earliestFollowUp() != null) {
            wakeFor(result.earliestFollowUp());
        }
        notices.committed(w);
    }

    /** Takes back the jobs of dead nodes (lease expired). Called by the reaper timer. */
    public List<String> reapExpiredLeases() {
        if (!running) {
            return List.of();
        }
        List<String> ids = leases.reap();
        if (!ids.isEmpty()) {
            wakeAt(clock.instant());
        }
        return ids;
    }

    /**
     * Graceful stop: claim nothing more, hand back what no worker started, let running attempts finish within
     * the grace period, hand the rest back (not counted), and write every outcome. Leases are renewed until the
     * end, so no other node takes a job this node is still finishing.
     */
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        waiter.stop();
        Instant now = clock.instant();
        List<Attempt> notStarted = pool.close();
        writer.endedAll(notStarted.stream().map(a -> a.notStarted(a.performAt(), now)).toList());
        if (!notStarted.isEmpty()) {
            LOG.info(() -> "TimeOS: handed back " + notStarted.size() + " claimed job(s) not yet started: "
                    + notStarted.stream().map(Attempt::id).toList());
        }
        waitForWorkers(clock.instant().plus(config.gracePeriod()));
        List<String> released = pool.running().stream().map(r -> r.attempt().id()).toList();
        pool.running().forEach(r -> r.stop(WorkerPool.Stop.RELEASED));
        waitForWorkers(clock.instant().plus(STOP_WAIT));
        // Performers that ignore the interrupt: their attempts go back now; whatever they do later is fenced out.
        Instant at = clock.instant();
        writer.endedAll(pool.abandon(WorkerPool.Stop.RELEASED).stream().map(a -> a.released(at)).toList());
        writer.flushNow();
        if (!released.isEmpty()) {
            LOG.warning(() -> "TimeOS: handed back " + released.size() + " unfinished job(s) at shutdown: " + released);
        }
        if (heartbeat != null) {
            heartbeat.cancel();
        }
        // Every attempt has ended or was handed back above: what a thread still does is fenced out.
        workerThreads.shutdownNow();
        LOG.info(() -> "TimeOS dispatcher stopped on node " + node);
    }

    private void waitForWorkers(Instant deadline) {
        while (pool.inFlight() > 0 && clock.instant().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

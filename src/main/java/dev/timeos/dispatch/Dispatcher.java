package dev.timeos.dispatch;

import dev.timeos.action.ActionRegistry;
import dev.timeos.action.JobContext;
import dev.timeos.action.PermanentFailure;
import dev.timeos.action.Performer;
import dev.timeos.job.Execution.Outcome;
import dev.timeos.job.JobsCancelled;
import dev.timeos.job.Backoff;
import dev.timeos.job.JobService;
import dev.timeos.lifecycle.LifecycleEvents;
import dev.timeos.job.JobsScheduled;
import dev.timeos.lifecycle.JobDead;
import dev.timeos.lifecycle.JobFailed;
import dev.timeos.lifecycle.JobStarted;
import dev.timeos.lifecycle.JobSucceeded;
import dev.timeos.lifecycle.RateLimited;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs due jobs. It sleeps until the soonest due time it knows of (or the poll interval, a safety net),
 * wakes early when a job due sooner is created, claims due jobs in one statement, hands them to workers on
 * the managed executor, and writes their outcomes in batches.
 * <p>
 * Threads: ticks and completion writes run on the managed scheduled executor, one tick at a time; performers
 * run on the managed executor, at most {@code timeos.workers} at once, each worker taking claimed jobs from a
 * ready queue until it is empty.
 * <p>
 * Claiming ahead: a claim may take more jobs than workers are free, as many as finished in the last
 * {@value #LOOKAHEAD_WINDOW_MS}–{@value #LOOKAHEAD_WINDOW_MS_TWICE} ms (at most the batch size), so that a stream of
 * short jobs costs one claiming statement per many jobs. Those wait in memory, leased (the heartbeat renews
 * them). The bound is what keeps priority honest: a job that falls due later waits behind claimed lower-priority
 * ones for about that window at most, and when jobs are slow (nothing finished lately) the claim takes only as
 * many as workers are free.
 * <p>
 * Limits ({@link ActionLimits}, {@link RuleLimits}): an action at its concurrency limit, or with no rate slot
 * free, is left out of the claim, so its jobs never hold back other actions' jobs. A claimed job that a limit
 * still refuses (several of one action in one batch, or its rule's rate limit) is handed back unstarted:
 * SCHEDULED, its attempt not counted, no execution row; due unchanged for concurrency (it keeps its place),
 * due when a rate slot is free for a rate limit (with a {@link RateLimited} event).
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
    private static final int MAX_COMPLETIONS_PER_WRITE = 1000;
    private static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(1);

    @Resource
    ManagedScheduledExecutorService timer;

    @Resource
    ManagedExecutorService executor;

    @Inject
    ActionRegistry actions;

    @Inject
    Clock clock;

    @Inject
    DispatcherConfig config;

    @Inject
    ActionLimits actionLimits;

    @Inject
    Instance<RuleLimits> ruleLimits;

    @Inject
    JobService jobs;

    @Inject
    LifecycleEvents lifecycle;

    @Inject
    Event<ClaimBatch> claims;

    private JobQueue queue;
    private String node;
    private int workers;

    private volatile boolean running;
    private static final long LOOKAHEAD_WINDOW_MS = RecentCount.WINDOW_MS;
    private static final long LOOKAHEAD_WINDOW_MS_TWICE = 2 * LOOKAHEAD_WINDOW_MS;

    /** Claimed jobs of this node: waiting in {@link #ready} or being performed. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Queue<RunningJob> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger activeWorkers = new AtomicInteger();
    private final RecentCount recentlyFinished = new RecentCount();
    private final Map<String, RunningJob> runningJobs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> runningByAction = new ConcurrentHashMap<>();
    private StartRateLimiter rateLimiter;
    /** Actions whose rate limit has no slot free before the given instant (tick thread only). */
    private final Map<String, Instant> actionRateBlockedUntil = new HashMap<>();
    /** Some action is at its concurrency limit: a finishing worker should tick. */
    private volatile boolean actionSaturated;

    private final ReentrantLock tickLock = new ReentrantLock();
    private final AtomicBoolean tickAgain = new AtomicBoolean();
    /** The last tick could not take every due job: a freed worker should tick at once. */
    private volatile boolean backlog;
    private ScheduledFuture<?> wake;
    private Instant wakeAt;

    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private ScheduledFuture<?> heartbeat;

    /** A job being performed here, and why it was asked to stop, if it was. */
    private static final class RunningJob {
        final ClaimedJob job;
        volatile Thread thread;
        volatile Outcome stopReason;
        volatile ScheduledFuture<?> timeout;

        RunningJob(ClaimedJob job) {
            this.job = job;
        }

        synchronized void stop(Outcome reason) {
            if (stopReason == null) {
                stopReason = reason;
                Thread t = thread;
                if (t != null) {
                    t.interrupt();
                }
            }
        }
    }

    /** Starts dispatching: first re-runs what this node left running when it last stopped. */
    public void start(JobQueue jobQueue) {
        this.queue = jobQueue;
        this.node = config.nodeId();
        this.workers = config.workers();
        this.rateLimiter = new StartRateLimiter(clock);
        if (ruleLimits.isAmbiguous()) {
            // Two answers to "what are this rule's limits" would silently mean none: refuse to start instead.
            throw new IllegalStateException("TimeOS: more than one RuleLimits bean is deployed; rule rate limits "
                    + "and overlap policies need exactly one");
        }
        List<String> recovered = queue.recover(node, clock.instant(), Outcome.LOST, "node " + node + " restarted");
        if (!recovered.isEmpty()) {
            LOG.warning(() -> "TimeOS: " + recovered.size() + " job(s) left running by the previous run of " + node
                    + " will run again: " + recovered);
        }
        running = true;
        Duration beat = config.leaseDuration().dividedBy(3);
        heartbeat = timer.scheduleAtFixedRate(this::renewLeases, beat.toMillis(), beat.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info(() -> "TimeOS dispatcher started on node " + node + " with " + workers + " workers");
        wakeAt(clock.instant());
    }

    public String node() {
        return node;
    }

    public boolean isRunning() {
        return running;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Jobs due now and not yet claimed, on every node: the backlog (one COUNT query; for metrics scrapes). */
    public long dueBacklog() {
        JobQueue q = queue;
        return q == null ? 0 : q.countDue(clock.instant());
    }

    /** Wakes the dispatcher at {@code at} unless it already wakes sooner. */
    public void wakeAt(Instant at) {
        if (!running) {
            return;
        }
        synchronized (this) {
            if (wake != null && !wake.isDone() && wakeAt != null && !at.isBefore(wakeAt)) {
                return;
            }
            if (wake != null) {
                wake.cancel(false);
            }
            wakeAt = at;
            long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
            wake = timer.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
        }
    }

    void onScheduled(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobsScheduled e) {
        wakeAt(e.earliest());
    }

    void onCancelled(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobsCancelled e) {
        for (String id : e.ids()) {
            RunningJob r = runningJobs.get(id);
            if (r != null) {
                r.stop(Outcome.CANCELLED);
            }
        }
    }

    private void tick() {
        // This wake-up has happened: from now on a wakeAt(...) must schedule a new one, or a job created
        // while this tick runs (after its nextDue query) would wait for the safety poll.
        synchronized (this) {
            wake = null;
            wakeAt = null;
        }
        if (!tickLock.tryLock()) {
            tickAgain.set(true);
            return;
        }
        try {
            do {
                tickAgain.set(false);
                tickOnce();
            } while (tickAgain.get() && running);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TimeOS dispatcher: claiming failed; trying again shortly", e);
            wakeAt(clock.instant().plus(RETRY_AFTER_ERROR));
        } finally {
            tickLock.unlock();
        }
    }

    private void tickOnce() {
        if (!running) {
            return;
        }
        Instant now = clock.instant();
        int lookahead = Math.min(config.batchSize(), recentlyFinished.get(now.toEpochMilli()));
        int free = workers + lookahead - inFlight.get();
        int want = Math.min(free, config.batchSize());
        Set<String> skipped = actionsAtLimit(now);
        if (want > 0) {
            List<ClaimedJob> claimed = queue.claim(node, now, want, now.plus(config.leaseDuration()), skipped);
            claims.fire(new ClaimBatch(want, claimed.size()));
            List<Deferral> deferrals = new ArrayList<>();
            List<RateLimited> limited = new ArrayList<>();
            for (ClaimedJob job : claimed) {
                Deferral d = admit(job, now, limited);
                if (d == null) {
                    submit(job);
                } else {
                    deferrals.add(d);
                }
            }
            startWorkers();
            if (!deferrals.isEmpty()) {
                queue.defer(node, deferrals, now);
                limited.forEach(lifecycle::fire);
            }
            backlog = claimed.size() == want;
            if (backlog && inFlight.get() < workers) {
                tickAgain.set(true);
                return;
            }
        } else {
            backlog = true;
        }
        if (backlog) {
            // Every worker is busy and more may be due: a finishing worker ticks again.
            scheduleSafetyNet(now);
            return;
        }
        Instant next = queue.nextDue(skipped).orElse(null);
        for (Instant slot : actionRateBlockedUntil.values()) {
            next = next == null || slot.isBefore(next) ? slot : next;
        }
        Instant latest = now.plus(config.pollInterval());
        wakeAt(next == null || next.isAfter(latest) ? latest : next);
    }

    /** Actions this claim must leave out: at their concurrency limit, or without a rate slot until later. */
    private Set<String> actionsAtLimit(Instant now) {
        Set<String> skipped = new HashSet<>();
        boolean saturated = false;
        for (Map.Entry<String, AtomicInteger> e : runningByAction.entrySet()) {
            OptionalInt max = actionLimits.maxConcurrency(e.getKey());
            if (max.isPresent() && e.getValue().get() >= max.getAsInt()) {
                skipped.add(e.getKey());
                saturated = true;
            }
        }
        actionSaturated = saturated;
        actionRateBlockedUntil.values().removeIf(until -> !until.isAfter(now));
        skipped.addAll(actionRateBlockedUntil.keySet());
        return skipped;
    }

    /**
     * Whether a claimed job may start now under its action's and rule's limits: null if it may (its rate slots
     * are taken), otherwise when it is to be due again.
     */
    private Deferral admit(ClaimedJob job, Instant now, List<RateLimited> limited) {
        OptionalInt max = actionLimits.maxConcurrency(job.action());
        if (max.isPresent() && running(job.action()).get() >= max.getAsInt()) {
            actionSaturated = true;
            return new Deferral(job, job.performAt());
        }
        int ruleRate = ruleRate(job.ruleId());
        int actionRate = actionLimits.rateLimitPerMinute(job.action()).orElse(0);
        String ruleKey = "rule:" + job.ruleId();
        String actionKey = "action:" + job.action();
        Instant ruleSlot = ruleRate > 0 ? rateLimiter.nextFreeSlot(ruleKey, ruleRate).orElse(null) : null;
        Instant actionSlot = actionRate > 0 ? rateLimiter.nextFreeSlot(actionKey, actionRate).orElse(null) : null;
        if (ruleSlot == null && actionSlot == null) {
            if (ruleRate > 0) {
                rateLimiter.record(ruleKey, ruleRate);
            }
            if (actionRate > 0) {
                rateLimiter.record(actionKey, actionRate);
            }
            return null;
        }
        boolean byAction = actionSlot != null && (ruleSlot == null || actionSlot.isAfter(ruleSlot));
        Instant until = byAction ? actionSlot : ruleSlot;
        if (actionSlot != null) {
            actionRateBlockedUntil.put(job.action(), actionSlot);
        }
        limited.add(new RateLimited(job.id(), job.action(), job.ruleId(), byAction ? "action" : "rule", until));
        return new Deferral(job, until);
    }

    /**
     * The rule's overlap policy, when another run of the rule is still running (on any node): {@code skip}
     * answers why this run is skipped; {@code cancel-previous} cancels the other runs (interrupting them
     * here; elsewhere their outcome is refused, as for any cancelled job) and lets this one run.
     */
    private String overlap(ClaimedJob job) {
        if (job.ruleId() == null || !ruleLimits.isResolvable()) {
            return null;
        }
        OverlapPolicy policy = ruleLimits.get().overlap(job.ruleId());
        if (policy == OverlapPolicy.RUN) {
            return null;
        }
        List<String> others = new ArrayList<>(queue.runningOfRule(job.ruleId(), job.id()));
        // Finished here but not written yet: not running any more.
        others.removeIf(id -> completions.stream().anyMatch(c -> c.job().id().equals(id)));
        if (others.isEmpty()) {
            return null;
        }
        if (policy == OverlapPolicy.SKIP) {
            return "skipped: the previous run of its rule is still running (" + String.join(", ", others) + ")";
        }
        jobs.cancelAll(others);
        return null;
    }

    private int ruleRate(String ruleId) {
        if (ruleId == null || !ruleLimits.isResolvable()) {
            return 0;
        }
        return ruleLimits.get().rateLimitPerMinute(ruleId).orElse(0);
    }

    private AtomicInteger running(String action) {
        return runningByAction.computeIfAbsent(action, a -> new AtomicInteger());
    }

    private void scheduleSafetyNet(Instant now) {
        wakeAt(now.plus(config.pollInterval()));
    }

    private void submit(ClaimedJob job) {
        RunningJob r = new RunningJob(job);
        inFlight.incrementAndGet();
        running(job.action()).incrementAndGet();
        runningJobs.put(job.id(), r);
        ready.add(r);
    }

    /** Starts workers for the ready jobs, up to {@code timeos.workers} at once. */
    private void startWorkers() {
        while (!ready.isEmpty()) {
            int n = activeWorkers.get();
            if (n >= workers) {
                return;
            }
            if (!activeWorkers.compareAndSet(n, n + 1)) {
                continue;
            }
            try {
                executor.execute(this::work);
            } catch (RuntimeException e) {
                // The executor refused (shutting down): the ready jobs never started.
                activeWorkers.decrementAndGet();
                LOG.log(Level.WARNING, "TimeOS: the executor refused a worker; handing the ready jobs back", e);
                handBackNotStarted();
                return;
            }
        }
    }

    /** A worker: performs ready jobs until there are none (or the dispatcher stops). */
    private void work() {
        try {
            RunningJob r;
            while (running && (r = ready.poll()) != null) {
                perform(r);
            }
        } finally {
            activeWorkers.decrementAndGet();
        }
        // A job made ready between this worker's last poll and its exit must not wait for the next tick.
        if (running && !ready.isEmpty()) {
            startWorkers();
        }
    }

    /** Claimed jobs that no worker started yet go back unstarted: due as before, attempt undone, no execution. */
    private List<String> handBackNotStarted() {
        List<Deferral> back = new ArrayList<>();
        RunningJob r;
        while ((r = ready.poll()) != null) {
            runningJobs.remove(r.job.id());
            running(r.job.action()).decrementAndGet();
            inFlight.decrementAndGet();
            back.add(new Deferral(r.job, r.job.performAt()));
        }
        return queue.defer(node, back, clock.instant());
    }

    private void perform(RunningJob r) {
        ClaimedJob job = r.job.withStartedAt(clock.instant());
        r.thread = Thread.currentThread();
        if (job.timeout() != null) {
            r.timeout = timer.schedule(() -> r.stop(Outcome.TIMEOUT), job.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        Outcome outcome = Outcome.SUCCEEDED;
        String error = null;
        boolean permanent = false;
        try {
            if (r.stopReason != null) {
                // Cancelled while it waited in the ready queue: never started.
                return;
            }
            String skip = overlap(job);
            if (skip != null) {
                outcome = Outcome.SKIPPED;
                error = skip;
                return;
            }
            lifecycle.fire(new JobStarted(job.id(), job.action(), job.ruleId(), job.attempt(), node, job.performAt(),
                    job.startedAt()));
            Performer performer = actions.find(job.action())
                    .orElseThrow(() -> new PermanentFailure("no performer for action '" + job.action() + "'"));
            performer.perform(context(job));
        } catch (PermanentFailure e) {
            outcome = Outcome.FAILED;
            permanent = true;
            error = describe(e);
        } catch (Throwable t) {
            outcome = Outcome.FAILED;
            error = describe(t);
        } finally {
            synchronized (r) {
                r.thread = null;
            }
            Thread.interrupted();
            if (r.timeout != null) {
                r.timeout.cancel(false);
            }
            end(r, job, outcome, error, permanent);
        }
    }

    private void end(RunningJob r, ClaimedJob job, Outcome outcome, String error, boolean permanent) {
        if (r.stopReason != null) {
            outcome = r.stopReason;
            // Not a switch: javac would put its enum map in a synthetic class that is first loaded here, which at
            // shutdown (RELEASED) can be after the application's class loader has closed.
            if (r.stopReason == Outcome.TIMEOUT) {
                error = "timeout: ran longer than " + job.timeout();
            } else if (r.stopReason == Outcome.CANCELLED) {
                error = "cancelled while running";
            } else {
                error = "stopped: " + r.stopReason;
            }
        }
        // The end is taken before the worker counts as free: an attempt's recorded span never overlaps the
        // next one that its slot lets start.
        Instant end = clock.instant();
        runningJobs.remove(job.id());
        running(job.action()).decrementAndGet();
        inFlight.decrementAndGet();
        recentlyFinished.add(end.toEpochMilli());
        finished(new Completion(job, outcome, error, permanent, end), false);
        if ((backlog || actionSaturated) && running) {
            wakeAt(clock.instant());
        }
    }

    private JobContext context(ClaimedJob job) {
        JsonObject args;
        try (JsonReader reader = Json.createReader(new StringReader(job.args()))) {
            args = reader.readObject();
        }
        return new JobContext(job.id(), job.action(), job.attempt(), job.maxAttempts(), args, job.target(),
                job.performAt(), job.ruleId(), job.eventId());
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private void finished(Completion c, boolean writeNow) {
        completions.add(c);
        if (writeNow) {
            writeCompletions();
        } else if (writeScheduled.compareAndSet(false, true)) {
            try {
                timer.execute(this::writeCompletions);
            } catch (RuntimeException e) {
                writeScheduled.set(false);
            }
        }
    }

    /** Writes finished attempts in batches: while one batch commits, the next one gathers. */
    private void writeCompletions() {
        while (true) {
            List<Completion> batch = new ArrayList<>();
            Completion c;
            while (batch.size() < MAX_COMPLETIONS_PER_WRITE && (c = completions.poll()) != null) {
                batch.add(c);
            }
            if (batch.isEmpty()) {
                writeScheduled.set(false);
                if (completions.isEmpty() || !writeScheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            List<Completion> released = batch.stream().filter(x -> x.outcome() == Outcome.RELEASED).toList();
            List<Completion> rest = batch.stream().filter(x -> x.outcome() != Outcome.RELEASED).toList();
            try {
                if (!released.isEmpty()) {
                    queue.release(node, released.stream().map(Completion::job).toList(), clock.instant());
                }
                JobQueue.Written w = queue.complete(node, rest, clock.instant());
                if (w.earliestFollowUp() != null) {
                    wakeAt(w.earliestFollowUp());
                }
                announce(rest, w);
            } catch (RuntimeException e) {
                // Nothing is lost: the jobs stay RUNNING under this node's renewed lease until written.
                LOG.log(Level.WARNING, "TimeOS: could not record " + batch.size() + " finished job(s); retrying", e);
                completions.addAll(batch);
                writeScheduled.set(false);
                if (running) {
                    timer.schedule(() -> {
                        if (writeScheduled.compareAndSet(false, true)) {
                            writeCompletions();
                        }
                    }, RETRY_AFTER_ERROR.toMillis(), TimeUnit.MILLISECONDS);
                }
                return;
            }
        }
    }

    /** Lifecycle events for a written batch: only what was committed (a job cancelled meanwhile is not reported). */
    private void announce(List<Completion> batch, JobQueue.Written w) {
        if (w.succeeded().isEmpty() && w.retried().isEmpty() && w.dead().isEmpty()) {
            return;
        }
        Map<String, Completion> byId = new HashMap<>();
        for (Completion c : batch) {
            byId.put(c.job().id(), c);
        }
        for (String id : w.succeeded()) {
            Completion c = byId.get(id);
            ClaimedJob j = c.job();
            lifecycle.fire(new JobSucceeded(id, j.action(), j.ruleId(), j.attempt(), Duration.between(j.startedAt(), c.finishedAt())));
        }
        for (String id : w.retried()) {
            Completion c = byId.get(id);
            ClaimedJob j = c.job();
            lifecycle.fire(new JobFailed(id, j.action(), j.ruleId(), j.attempt(), c.error(),
                    c.finishedAt().plus(Backoff.delayAfter(j.attempt(), j.backoff()))));
        }
        for (String id : w.dead()) {
            Completion c = byId.get(id);
            ClaimedJob j = c.job();
            lifecycle.fire(new JobDead(id, j.action(), j.ruleId(), j.attempt(), c.error()));
        }
    }

    private void renewLeases() {
        try {
            queue.heartbeat(node, clock.instant().plus(config.leaseDuration()), clock.instant());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TimeOS: lease renewal failed", e);
        }
    }

    /** Returns jobs of dead nodes (lease expired) to SCHEDULED. Called by the reaper timer. */
    public List<String> reapExpiredLeases() {
        if (!running) {
            return List.of();
        }
        List<String> ids = queue.recover(null, clock.instant(), Outcome.LOST, "lease expired");
        if (!ids.isEmpty()) {
            LOG.warning(() -> "TimeOS: " + ids.size() + " job(s) whose node stopped renewing its lease will run again: " + ids);
            wakeAt(clock.instant());
        }
        return ids;
    }

    /**
     * Graceful stop: claim nothing more, let running jobs finish within the grace period, record their
     * outcomes, and hand the unfinished ones back to SCHEDULED.
     */
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        synchronized (this) {
            if (wake != null) {
                wake.cancel(false);
            }
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        try {
            List<String> notStarted = handBackNotStarted();
            if (!notStarted.isEmpty()) {
                LOG.info(() -> "TimeOS: handed back " + notStarted.size() + " claimed job(s) not yet started: " + notStarted);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TimeOS: could not hand back claimed jobs; their leases will expire and they run", e);
        }
        Instant deadline = clock.instant().plus(config.gracePeriod());
        while (inFlight.get() > 0 && clock.instant().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<ClaimedJob> unfinished = runningJobs.values().stream().map(r -> r.job).toList();
        for (RunningJob r : runningJobs.values()) {
            r.stop(Outcome.RELEASED);
        }
        try {
            writeScheduled.set(true);
            List<Completion> rest = new ArrayList<>();
            Completion c;
            while ((c = completions.poll()) != null) {
                rest.add(c);
            }
            List<Completion> toWrite = rest.stream().filter(x -> x.outcome() != Outcome.RELEASED).toList();
            if (!toWrite.isEmpty()) {
                announce(toWrite, queue.complete(node, toWrite, clock.instant()));
            }
            List<String> released = queue.release(node, unfinished, clock.instant());
            if (!released.isEmpty()) {
                LOG.warning(() -> "TimeOS: handed back " + released.size() + " unfinished job(s) at shutdown: " + released);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TimeOS: could not record every outcome at shutdown; leases will expire and the jobs run again", e);
        }
        LOG.info(() -> "TimeOS dispatcher stopped on node " + node);
    }
}

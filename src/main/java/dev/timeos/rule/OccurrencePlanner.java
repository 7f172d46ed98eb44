package dev.timeos.rule;

import dev.timeos.schedule.TimeOSClock;
import dev.timeos.job.JobRepository;
import dev.timeos.job.JobsScheduled;
import dev.timeos.schedule.Durations;
import dev.timeos.schedule.IntervalSchedule;
import dev.timeos.schedule.MisfirePolicy;
import dev.timeos.schedule.Misfires;
import dev.timeos.schedule.Schedule;
import dev.timeos.store.Database;
import dev.timeos.store.Jdbc;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns time rules into jobs: every occurrence of an enabled time rule within the lookahead window is
 * stored as a job due at that instant, keyed (rule, occurrence) so that it exists once per cluster however
 * many nodes plan it. The dispatcher then fires it on time, like any job.
 * <p>
 * Occurrences that nobody planned in time (the cluster was down) are misfires, handled by the rule's
 * policy: {@code fire-once} runs the latest of them now, {@code fire-all} runs each (oldest first),
 * {@code skip} runs none. An occurrence less than the misfire threshold late is simply run late.
 * <p>
 * A rule's occurrences and its last planned occurrence are stored together, and only for the rule version the
 * pass read (OccurrenceWriter): a pause, change or delete that commits meanwhile wins, and its jobs stay cancelled.
 */
@ApplicationScoped
public class OccurrencePlanner {

    private static final Logger LOG = Logger.getLogger(OccurrencePlanner.class.getName());
    /** Most missed occurrences that fire-all replays, and most occurrences planned per rule per pass. */
    static final int MAX_PER_PASS = 1000;

    @Resource
    ManagedScheduledExecutorService timer;

    @Inject
    RuleService rules;

    @Inject
    Database database;

    @Inject
    JobRepository jobRepository;

    @Inject
    @TimeOSClock
    Clock clock;

    @Inject
    Event<JobsScheduled> scheduled;

    @Inject
    @ConfigProperty(name = "timeos.planner.lookahead", defaultValue = "PT10S")
    String lookahead;

    @Inject
    @ConfigProperty(name = "timeos.planner.misfire-threshold", defaultValue = "PT60S")
    String misfireThreshold;

    private volatile ScheduledFuture<?> ticks;

    /** Per rule, the last planned occurrence whose misfires were logged (passes run one at a time: planAll). */
    private final Map<String, Instant> misfiresLogged = new HashMap<>();

    /** After the rules of code and file are loaded (RuleRegistry). */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 700) @Initialized(ApplicationScoped.class) Object ignored) {
        long every = Math.max(200, Durations.parse(lookahead).toMillis() / 2);
        ticks = timer.scheduleWithFixedDelay(this::planAll, 0, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }

    void onRulesChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) RuleService.RulesChanged changed) {
        if (ticks != null && !changed.ruleIds().isEmpty()) {
            timer.execute(this::planAll);
        }
    }

    /** One planning pass over every enabled time rule. */
    public synchronized void planAll() {
        try {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Instant earliest = null;
            for (RuleService.Planned p : rules.timeRules()) {
                try {
                    Instant first = plan(p, now);
                    if (first != null && (earliest == null || first.isBefore(earliest))) {
                        earliest = first;
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "TimeOS: planning rule " + p.rule().id() + " failed; next pass retries", e);
                }
            }
            if (earliest != null) {
                scheduled.fire(new JobsScheduled(earliest));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TimeOS: planning time rules failed; next pass retries", e);
        }
    }

    /** Plans one rule's due and upcoming occurrences. @return the earliest due time planned now, if any */
    private Instant plan(RuleService.Planned p, Instant now) {
        Rule rule = p.rule();
        Schedule schedule = rule.trigger().schedule(p.createdAt()).orElseThrow();
        // Each job is due at its occurrence, even one planned late: the dispatcher runs overdue jobs at once,
        // oldest first, and the job keeps saying which occurrence it is.
        List<Instant> toPlan = new ArrayList<>();
        Instant last = p.lastPlannedAt();
        if (rule.trigger() instanceof Trigger.Every every && every.mode() == IntervalSchedule.Mode.FIXED_DELAY) {
            Instant next = nextFixedDelay(rule, every, p, now);
            if (next != null && !next.isAfter(now.plus(Durations.parse(lookahead)))) {
                toPlan.add(next);
            }
        } else {
            Duration threshold = Durations.parse(misfireThreshold);
            toPlan.addAll(occurrences(schedule, p.createdAt(), last, now, Durations.parse(lookahead), threshold,
                    rule.misfire()));
            String missed = misfireNote(rule.id(), rule.misfire(), schedule, last, now.minus(threshold));
            // Until an occurrence is planned, the rule's last planned one stays where it was: said once, not per pass.
            if (missed != null && !last.equals(misfiresLogged.put(rule.id(), last))) {
                LOG.info(missed);
            }
        }
        if (toPlan.isEmpty()) {
            return null;
        }
        OccurrenceWriter.Written written = new OccurrenceWriter(database.dataSource(), jobRepository)
                .write(rule, p.version(), toPlan, now);
        if (!written.current()) {
            // Paused, changed or deleted since this pass read it; the next pass reads it afresh.
            LOG.fine(() -> "TimeOS: rule " + rule.id() + " changed while it was planned (version " + p.version()
                    + " read); nothing planned for it in this pass");
            return null;
        }
        return written.earliest();
    }

    /**
     * The occurrences to store as jobs now, oldest first: those missed while nobody planned them (more than
     * {@code threshold} late), as the misfire policy says, then every occurrence up to {@code now + lookahead}.
     * Before the first plan ({@code lastPlanned} null), occurrences count from the rule's creation, inclusive.
     */
    static List<Instant> occurrences(Schedule schedule, Instant createdAt, Instant lastPlanned, Instant now,
                                     Duration lookahead, Duration threshold, dev.timeos.schedule.MisfirePolicy policy) {
        List<Instant> out = new ArrayList<>();
        Instant from = lastPlanned != null ? lastPlanned : createdAt.minusMillis(1);
        Instant lateLimit = now.minus(threshold);
        if (from.isBefore(lateLimit)) {
            out.addAll(Misfires.occurrencesToRun(schedule, from, lateLimit, policy, MAX_PER_PASS));
            from = lateLimit;
        }
        Instant horizon = now.plus(lookahead);
        while (out.size() < MAX_PER_PASS) {
            Instant next = schedule.nextAfter(from).orElse(null);
            if (next == null || next.isAfter(horizon)) {
                break;
            }
            out.add(next);
            from = next;
        }
        return out;
    }

    /**
     * Occurrences a misfire policy does not run never become jobs, so no job can say why they did not happen: this
     * line does, with the rule's id, once per pass that finds them (the pass then moves past them).
     *
     * @return the line, or null when nothing was missed or everything missed runs ({@code fire-all})
     */
    static String misfireNote(String ruleId, MisfirePolicy policy, Schedule schedule, Instant lastPlanned, Instant lateLimit) {
        if (lastPlanned == null || policy == MisfirePolicy.FIRE_ALL) {
            return null;
        }
        return schedule.nextAfter(lastPlanned).filter(first -> !first.isAfter(lateLimit)).map(first ->
                "TimeOS: rule " + ruleId + " missed its occurrences from " + first + " to " + lateLimit
                        + " (no node planned them in time); misfire policy " + policy.wireName() + ": "
                        + (policy == MisfirePolicy.SKIP ? "none of them runs" : "only the latest runs, now")).orElse(null);
    }

    /** Fixed delay: the next run counts from the end of the previous one, so only one is planned at a time. */
    private Instant nextFixedDelay(Rule rule, Trigger.Every every, RuleService.Planned p, Instant now) {
        if (p.lastPlannedAt() == null) {
            return p.createdAt().plus(every.initialDelay());
        }
        return Jdbc.inTransaction(database.dataSource(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT status, finished_at FROM timeos_job WHERE rule_id = ? "
                    + "AND occurrence_at = ?")) {
                ps.setString(1, rule.id());
                ps.setLong(2, p.lastPlannedAt().toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return now;
                    }
                    String status = rs.getString(1);
                    long finished = rs.getLong(2);
                    boolean over = status.equals("SUCCEEDED") || status.equals("DEAD") || status.equals("CANCELLED");
                    return over ? Instant.ofEpochMilli(rs.wasNull() ? now.toEpochMilli() : finished).plus(every.interval()) : null;
                }
            }
        });
    }

    /** For tests and operators: how far ahead occurrences become jobs. */
    public Duration lookahead() {
        return Durations.parse(lookahead);
    }
}

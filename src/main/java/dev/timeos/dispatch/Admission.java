package dev.timeos.dispatch;

import dev.timeos.job.Attempt;
import dev.timeos.lifecycle.RateLimited;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Whether a claimed attempt may start now: per-action concurrency, per-action and per-rule rate limits (a
 * sliding window, {@link StartRateLimiter}). Before a claim it names the actions to leave out (at their
 * concurrency limit, or with no rate slot until later), so their jobs never hold back other actions' jobs. Every
 * limit is per node. Called on the tick thread only.
 */
public final class Admission {

    private final ActionLimits actionLimits;
    private final RuleLimits ruleLimits;
    private final StartRateLimiter rateLimiter;
    private final ToIntFunction<String> runningOfAction;
    /** Actions whose rate limit has no slot free before the given instant. */
    private final Map<String, Instant> actionRateBlockedUntil = new HashMap<>();
    /** Some action is at its concurrency limit: a finishing worker should tick. */
    private volatile boolean saturated;

    /** The answer for one attempt: start it now, or hand it back to be due again at {@code until}. */
    public record Verdict(Instant until, RateLimited rateLimited) {
        static final Verdict START = new Verdict(null, null);

        public boolean starts() {
            return until == null;
        }
    }

    /**
     * @param runningOfAction how many attempts of an action are admitted on this node now
     */
    public Admission(Clock clock, ActionLimits actionLimits, RuleLimits ruleLimits, ToIntFunction<String> runningOfAction) {
        this.actionLimits = actionLimits;
        this.ruleLimits = ruleLimits;
        this.rateLimiter = new StartRateLimiter(clock);
        this.runningOfAction = runningOfAction;
    }

    /** Actions the next claim leaves out. */
    public Set<String> actionsAtLimit(Instant now, Set<String> actionsRunning) {
        Set<String> skipped = new HashSet<>();
        boolean atLimit = false;
        for (String action : actionsRunning) {
            OptionalInt max = actionLimits.maxConcurrency(action);
            if (max.isPresent() && runningOfAction.applyAsInt(action) >= max.getAsInt()) {
                skipped.add(action);
                atLimit = true;
            }
        }
        saturated = atLimit;
        actionRateBlockedUntil.values().removeIf(until -> !until.isAfter(now));
        skipped.addAll(actionRateBlockedUntil.keySet());
        return skipped;
    }

    /** The soonest instant an action's rate limit frees a slot, if any action waits for one. */
    public Instant soonestRateSlot() {
        return actionRateBlockedUntil.values().stream().min(Instant::compareTo).orElse(null);
    }

    public boolean saturated() {
        return saturated;
    }

    /**
     * Whether the attempt may start now; if it may, its rate slots are taken. A job held back by concurrency keeps
     * its due time (and its place); one held back by a rate limit is due when a slot frees.
     */
    public Verdict admit(Attempt a) {
        OptionalInt max = actionLimits.maxConcurrency(a.action());
        if (max.isPresent() && runningOfAction.applyAsInt(a.action()) >= max.getAsInt()) {
            saturated = true;
            return new Verdict(a.performAt(), null);
        }
        int ruleRate = a.ruleId() == null ? 0 : ruleLimits.rateLimitPerMinute(a.ruleId()).orElse(0);
        int actionRate = actionLimits.rateLimitPerMinute(a.action()).orElse(0);
        String ruleKey = "rule:" + a.ruleId();
        String actionKey = "action:" + a.action();
        Instant ruleSlot = ruleRate > 0 ? rateLimiter.nextFreeSlot(ruleKey, ruleRate).orElse(null) : null;
        Instant actionSlot = actionRate > 0 ? rateLimiter.nextFreeSlot(actionKey, actionRate).orElse(null) : null;
        if (ruleSlot == null && actionSlot == null) {
            if (ruleRate > 0) {
                rateLimiter.record(ruleKey, ruleRate);
            }
            if (actionRate > 0) {
                rateLimiter.record(actionKey, actionRate);
            }
            return Verdict.START;
        }
        boolean byAction = actionSlot != null && (ruleSlot == null || actionSlot.isAfter(ruleSlot));
        Instant until = byAction ? actionSlot : ruleSlot;
        if (actionSlot != null) {
            actionRateBlockedUntil.put(a.action(), actionSlot);
        }
        return new Verdict(until, new RateLimited(a.id(), a.action(), a.ruleId(), byAction ? "action" : "rule",
                byAction ? actionRate : ruleRate, until));
    }
}

package dev.timeos.event;

import dev.timeos.action.ActionRegistry;
import dev.timeos.error.FieldError;
import dev.timeos.error.InvalidInputException;
import dev.timeos.error.Outcome;
import dev.timeos.rule.Evaluator;
import dev.timeos.rule.Rule;
import dev.timeos.rule.Trigger;
import dev.timeos.schedule.Schedule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rule would have done, before anyone enables it: over {@code [from, to)}, the stored events of its type
 * and what it would have made of each (through the same {@link Evaluator} as real events), or the occurrences of a
 * time rule. Reads only; nothing is stored, no lifecycle event is fired. The rule is tried as if enabled: trying a
 * rule before enabling it is the point.
 * <p>
 * With events, not rules: it reads stored events, and the rule package must not depend on the event package.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class DryRun {

    /** Most events read, and most jobs answered, by one dry run. */
    public static final int MAX_ITEMS = 1000;

    @Inject
    EventService events;

    @Inject
    ActionRegistry actions;

    /** One stored event, and what the rule made of it. */
    public record EventOutcome(String id, boolean matched, String reason) {
    }

    /** A job the rule would have made. */
    public record PlannedJob(Instant performAt, JsonObject args) {
    }

    /** @param truncated more events or occurrences lie in the range than {@link #MAX_ITEMS} */
    public record Result(List<EventOutcome> events, List<PlannedJob> jobs, boolean truncated) {
    }

    public Outcome<Result> run(Rule draft, Instant from, Instant to) {
        List<FieldError> errors = new ArrayList<>();
        if (from == null) {
            errors.add(new FieldError("from", "is required: the start of the range (an ISO-8601 instant)"));
        }
        if (to == null) {
            errors.add(new FieldError("to", "is required: the end of the range (an ISO-8601 instant)"));
        }
        if (from != null && to != null && !to.isAfter(from)) {
            errors.add(new FieldError("to", "must be after from"));
        }
        if (draft.action() != null && !actions.exists(draft.action())) {
            errors.add(new FieldError("rule.action", "unknown action '" + draft.action() + "'; registered: " + actions.names()));
        }
        if (!errors.isEmpty()) {
            return Outcome.refused(new InvalidInputException(errors));
        }
        Rule rule = draft.withId("dry-run").withEnabled(true);
        if (rule.trigger() instanceof Trigger.OnEvent on) {
            return Outcome.of(overEvents(rule, on.type(), from, to));
        }
        return Outcome.of(occurrences(rule, from, to));
    }

    private Result overEvents(Rule rule, String type, Instant from, Instant to) {
        List<StoredEvent> stored = events.occurredBetween(type, from, to, MAX_ITEMS + 1);
        boolean truncated = stored.size() > MAX_ITEMS;
        List<EventOutcome> outcomes = new ArrayList<>();
        List<PlannedJob> jobs = new ArrayList<>();
        for (StoredEvent e : stored.subList(0, Math.min(stored.size(), MAX_ITEMS))) {
            Evaluator.Decision d = Evaluator.decide(e.id(), e.type(), e.payload(), e.occurredAt(), List.of(rule)).get(0);
            outcomes.add(new EventOutcome(e.id(), d.matched(), d.reason()));
            if (d.job() != null) {
                jobs.add(new PlannedJob(d.job().time(), d.job().payload()));
            }
        }
        return new Result(outcomes, jobs, truncated);
    }

    /** A time rule as if created at {@code from}: its occurrences in the range (intervals count from {@code from}). */
    private static Result occurrences(Rule rule, Instant from, Instant to) {
        Schedule schedule = rule.trigger().schedule(from).orElseThrow();
        List<PlannedJob> jobs = new ArrayList<>();
        // next() is strictly after: start a millisecond early so that an occurrence at 'from' itself counts.
        for (Instant at : schedule.next(from.minusMillis(1), MAX_ITEMS + 1)) {
            if (!at.isBefore(to)) {
                break;
            }
            jobs.add(new PlannedJob(at, rule.args()));
        }
        boolean truncated = jobs.size() > MAX_ITEMS;
        return new Result(List.of(), truncated ? jobs.subList(0, MAX_ITEMS) : jobs, truncated);
    }
}

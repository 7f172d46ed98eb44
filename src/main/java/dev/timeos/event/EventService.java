package dev.timeos.event;

import dev.timeos.schedule.TimeOSClock;
import dev.timeos.error.FieldError;
import dev.timeos.error.InvalidInputException;
import dev.timeos.error.NotFoundException;
import dev.timeos.error.Outcome;
import dev.timeos.job.JobDefaults;
import dev.timeos.job.JobService;
import dev.timeos.job.Page;
import dev.timeos.lifecycle.LifecycleEvents;
import dev.timeos.lifecycle.RuleMatched;
import dev.timeos.rule.Evaluator;
import dev.timeos.rule.Rule;
import dev.timeos.rule.RuleService;
import dev.timeos.store.Database;
import dev.timeos.store.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Events in, jobs out: stores an event (once per idempotency key), evaluates today's rules against it and
 * stores the jobs they ask for, all in one transaction: the caller's, when it has one.
 */
@ApplicationScoped
@Transactional
public class EventService {

    private static final Logger LOG = Logger.getLogger(EventService.class.getName());
    static final int MAX_TYPE = 200;
    static final int MAX_KEY = 200;

    @Inject
    Database database;

    @Inject
    JobService jobs;

    @Inject
    RuleService rules;

    @Inject
    @TimeOSClock
    Clock clock;

    @Inject
    LifecycleEvents lifecycle;

    private volatile EventStore store;

    /** One item of a batch: what it did, or why it was refused. */
    public record Result(Emitted emitted, InvalidInputException error) {
    }

    /**
     * Stores the event and the jobs its rules ask for. Invalid input is answered as a refusal; a rule's job refused after
     * the event was written still throws, so that the event goes with it (one answer per event).
     */
    public Outcome<Emitted> emit(TemporalEvent e) {
        List<FieldError> errors = validate(e);
        if (!errors.isEmpty()) {
            return Outcome.refused(new InvalidInputException(errors));
        }
        return Outcome.of(emitValid(e));
    }

    /**
     * Each valid event is stored; a refused one does not stop the others. The batch is one transaction, so its events
     * are evaluated against the rules as the batch read them: each event type's rules are read (and their conditions
     * compiled) once per batch, not once per event.
     */
    public List<Result> emitAll(List<TemporalEvent> events) {
        List<Result> out = new ArrayList<>(events.size());
        Map<String, List<Rule>> rulesOfType = new HashMap<>();
        Function<String, List<Rule>> ofType = type -> rulesOfType.computeIfAbsent(type, rules::ofEventType);
        for (TemporalEvent e : events) {
            List<FieldError> errors = validate(e);
            out.add(errors.isEmpty() ? new Result(emitValid(e, ofType), null)
                    : new Result(null, new InvalidInputException(errors)));
        }
        return out;
    }

    private Emitted emitValid(TemporalEvent e) {
        return emitValid(e, rules::ofEventType);
    }

    private Emitted emitValid(TemporalEvent e, Function<String, List<Rule>> ofType) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant occurredAt = e.occurredAt() == null ? now : e.occurredAt().truncatedTo(ChronoUnit.MILLIS);
        String id = Ids.newId();
        Optional<StoredEvent> first = store().insertOrFindDuplicate(id, e, occurredAt, now);
        if (first.isPresent()) {
            StoredEvent f = first.get();
            return new Emitted(f.id(), f.type(), true, jobs.idsByEvent(f.id()), store().decisions(f.id()));
        }
        List<RuleDecision> decisions = evaluate(id, e.type(), e.payload(), occurredAt, now, ofType.apply(e.type()));
        store().markProcessed(id, now);
        return new Emitted(id, e.type(), false, jobIdsOf(decisions), decisions);
    }

    /**
     * Evaluates every rule of the event's type (disabled ones too, so that the event says why they made nothing),
     * stores the jobs of those that matched, and keeps each rule's decision with the event. A job refused by the job
     * store (its action's bean has left the application since the rule was stored...) does not fail the event: the
     * refusal is that rule's recorded reason, in the answer and on the event, never only a log line.
     */
    private List<RuleDecision> evaluate(String eventId, String type, JsonObject payload, Instant occurredAt, Instant now,
                                        List<Rule> ofType) {
        List<Evaluator.Decision> decided = Evaluator.decide(eventId, type, payload, occurredAt, ofType);
        List<Evaluator.Decision> matched = decided.stream().filter(Evaluator.Decision::matched).toList();
        List<JobService.Created> created = matched.isEmpty() ? List.of()
                : jobs.createAll(matched.stream().map(Evaluator.Decision::job).toList());
        List<RuleDecision> out = new ArrayList<>(decided.size());
        int next = 0;
        for (Evaluator.Decision d : decided) {
            String ruleId = d.rule().id();
            if (!d.matched()) {
                out.add(new RuleDecision(ruleId, false, d.reason(), null));
                continue;
            }
            JobService.Created c = created.get(next++);
            if (c.error() != null) {
                LOG.warning(() -> "TimeOS: rule " + ruleId + " matched event " + eventId + " but its job was refused: "
                        + c.error().getMessage());
                out.add(new RuleDecision(ruleId, true, "job refused: " + c.error().getMessage(), null));
                continue;
            }
            out.add(new RuleDecision(ruleId, true, d.reason(), c.job().id()));
            lifecycle.fireAfterCommit(new RuleMatched(ruleId, eventId, type, c.job().id()));
        }
        store().recordDecisions(eventId, out, now);
        return out;
    }

    private static List<String> jobIdsOf(List<RuleDecision> decisions) {
        return decisions.stream().map(RuleDecision::jobId).filter(java.util.Objects::nonNull).toList();
    }

    /** Why each rule of the event's type did or did not make a job, at the event's latest evaluation. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<RuleDecision> decisions(String eventId) {
        return store().decisions(eventId);
    }

    /** Stored events of one type that occurred in [from, to), oldest first, at most {@code limit} (dry runs). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredEvent> occurredBetween(String type, Instant from, Instant to, int limit) {
        return store().occurredBetween(type, from, to, limit);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Outcome<StoredEvent> get(String id) {
        StoredEvent e = store().get(id).orElse(null);
        if (e == null) {
            return Outcome.refused(notFound(id));
        }
        return Outcome.of(new StoredEvent(e.id(), e.type(), e.payload(), e.idempotencyKey(), e.occurredAt(), e.createdAt(),
                e.processedAt(), jobs.idsByEvent(id)));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<StoredEvent> list(String type, Boolean processed, int limit, int offset) {
        return store().list(type, processed, limit, offset);
    }

    /** Evaluates a stored event against today's rules: new jobs, whatever the event caused before. */
    public Outcome<Emitted> replay(String id) {
        StoredEvent e = store().get(id).orElse(null);
        if (e == null) {
            return Outcome.refused(notFound(id));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<RuleDecision> decisions = evaluate(e.id(), e.type(), e.payload(), e.occurredAt(), now, rules.ofEventType(e.type()));
        store().markProcessed(id, now);
        return Outcome.of(new Emitted(e.id(), e.type(), false, jobIdsOf(decisions), decisions));
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no event with id '" + id + "'");
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long count() {
        return store().count();
    }

    private static List<FieldError> validate(TemporalEvent e) {
        List<FieldError> errors = new ArrayList<>();
        if (e.type() == null || e.type().isBlank()) {
            errors.add(new FieldError("type", "is required"));
        } else if (e.type().length() > MAX_TYPE) {
            errors.add(new FieldError("type", "is longer than " + MAX_TYPE + " characters"));
        }
        if (e.idempotencyKey() != null && (e.idempotencyKey().isEmpty() || e.idempotencyKey().length() > MAX_KEY)) {
            errors.add(new FieldError("idempotencyKey", "must be 1 to " + MAX_KEY + " characters"));
        }
        if (e.payload().toString().length() > JobDefaults.MAX_ARGS_CHARS) {
            errors.add(new FieldError("payload", "is larger than " + JobDefaults.MAX_ARGS_CHARS + " characters of JSON"));
        }
        return errors;
    }

    private EventStore store() {
        if (store == null) {
            store = new EventStore(database.dataSource(), database.dialect());
        }
        return store;
    }
}

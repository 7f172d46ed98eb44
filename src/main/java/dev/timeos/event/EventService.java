package dev.timeos.event;

import dev.timeos.json.JsonFields;
import dev.timeos.schedule.TimeOSClock;
import dev.timeos.error.FieldError;
import dev.timeos.error.InvalidInputException;
import dev.timeos.error.NotFoundException;
import dev.timeos.error.Outcome;
import dev.timeos.job.JobDefaults;
import dev.timeos.job.JobRequest;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
     * Stores the event and the jobs its rules ask for. Invalid input is answered as a refusal; a rule's job that the job
     * store refuses does not fail the event: the refusal is that rule's recorded decision ({@link #conclude}).
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
     * <p>
     * Events without an idempotency key cannot be duplicates, so they are stored set-based: all of them in one JDBC
     * batch, then every job their rules ask for in one, then every decision in one (three batches per request instead
     * of five statements per event). Keyed events go one by one: each may find the event that holds its key.
     */
    public List<Result> emitAll(List<TemporalEvent> events) {
        Result[] out = new Result[events.size()];
        List<List<FieldError>> errorsOf = events.stream().map(EventService::validate).toList();
        Set<String> types = new HashSet<>();
        for (int i = 0; i < out.length; i++) {
            if (errorsOf.get(i).isEmpty()) {
                types.add(events.get(i).type());
            }
        }
        // The rules of every type at once: held in one order until commit, whatever order the events come in.
        Map<String, List<Rule>> rulesOfType = rules.ofEventTypes(types);
        Function<String, List<Rule>> ofType = type -> rulesOfType.getOrDefault(type, List.of());
        List<Integer> unkeyed = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            TemporalEvent e = events.get(i);
            List<FieldError> errors = errorsOf.get(i);
            if (!errors.isEmpty()) {
                out[i] = new Result(null, new InvalidInputException(errors));
            } else if (e.idempotencyKey() == null) {
                unkeyed.add(i);
            } else {
                out[i] = new Result(emitValid(e, ofType), null);
            }
        }
        if (!unkeyed.isEmpty()) {
            List<Emitted> emitted = emitUnkeyed(unkeyed.stream().map(events::get).toList(), ofType);
            for (int k = 0; k < unkeyed.size(); k++) {
                out[unkeyed.get(k)] = new Result(emitted.get(k), null);
            }
        }
        return List.of(out);
    }

    /** Valid events without an idempotency key: stored, evaluated and decided set-based (see {@link #emitAll}). */
    private List<Emitted> emitUnkeyed(List<TemporalEvent> events, Function<String, List<Rule>> ofType) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<EventStore.NewEvent> rows = new ArrayList<>(events.size());
        List<Evaluation> evaluations = new ArrayList<>(events.size());
        for (TemporalEvent e : events) {
            Instant occurredAt = e.occurredAt() == null ? now : e.occurredAt().truncatedTo(ChronoUnit.MILLIS);
            String id = Ids.newId();
            rows.add(new EventStore.NewEvent(id, e, occurredAt));
            evaluations.add(new Evaluation(id, e.type(),
                    Evaluator.decide(id, e.type(), e.payload(), occurredAt, ofType.apply(e.type()))));
        }
        // Processed as it is stored: its jobs and decisions are written in the same transaction.
        store().insertProcessed(rows, now);
        List<List<RuleDecision>> decisions = conclude(evaluations);
        Map<String, List<RuleDecision>> byEvent = new LinkedHashMap<>();
        List<Emitted> out = new ArrayList<>(events.size());
        for (int k = 0; k < evaluations.size(); k++) {
            Evaluation ev = evaluations.get(k);
            byEvent.put(ev.eventId(), decisions.get(k));
            out.add(new Emitted(ev.eventId(), ev.type(), false, jobIdsOf(decisions.get(k)), decisions.get(k)));
        }
        store().insertDecisions(byEvent, now);
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
        List<RuleDecision> decisions = evaluate(id, e.type(), e.payload(), occurredAt, ofType.apply(e.type()));
        // A new event: nothing recorded to replace.
        store().insertDecisions(Map.of(id, decisions), now);
        store().markProcessed(id, now);
        return new Emitted(id, e.type(), false, jobIdsOf(decisions), decisions);
    }

    /**
     * Evaluates every rule of the event's type (disabled ones too, so that the event says why they made nothing) and
     * stores the jobs of those that matched; the caller records the decisions (a new event inserts them, a replay
     * replaces the earlier evaluation's).
     */
    private List<RuleDecision> evaluate(String eventId, String type, JsonObject payload, Instant occurredAt,
                                        List<Rule> ofType) {
        return conclude(List.of(new Evaluation(eventId, type,
                Evaluator.decide(eventId, type, payload, occurredAt, ofType)))).get(0);
    }

    /** One event's rules, decided: what {@link #conclude} turns into jobs and recorded decisions. */
    private record Evaluation(String eventId, String type, List<Evaluator.Decision> decided) {
    }

    /**
     * The one place that turns rules' decisions into jobs and the decisions an event records: the jobs of every matched
     * rule of every evaluation are stored together (one batch). A job refused by the job store (its action's bean has
     * left the application since the rule was stored...) does not fail the event: the refusal is that rule's recorded
     * reason, in the answer and on the event, never only a log line.
     *
     * @return each evaluation's decisions, in the evaluations' order
     */
    private List<List<RuleDecision>> conclude(List<Evaluation> evaluations) {
        List<JobRequest> requests = new ArrayList<>();
        for (Evaluation ev : evaluations) {
            ev.decided().stream().filter(Evaluator.Decision::matched).map(Evaluator.Decision::job).forEach(requests::add);
        }
        List<JobService.Created> created = requests.isEmpty() ? List.of() : jobs.createAll(requests);
        int next = 0;
        List<List<RuleDecision>> all = new ArrayList<>(evaluations.size());
        for (Evaluation ev : evaluations) {
            String eventId = ev.eventId();
            List<RuleDecision> out = new ArrayList<>(ev.decided().size());
            for (Evaluator.Decision d : ev.decided()) {
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
                lifecycle.fireAfterCommit(new RuleMatched(ruleId, eventId, ev.type(), c.job().id()));
            }
            all.add(out);
        }
        return all;
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
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        // First: the write holds the event's row until this replay commits, and retention spares an event processed
        // after its cutoff. Retention's delete, which cannot see this replay's uncommitted jobs, waits for the row and
        // then finds it processed now: no job made here points to an event retention removed meanwhile. An event it
        // removed before is not found.
        if (!store().markProcessed(id, now)) {
            return Outcome.refused(notFound(id));
        }
        StoredEvent e = store().get(id).orElseThrow();
        List<RuleDecision> decisions = evaluate(e.id(), e.type(), e.payload(), e.occurredAt(), rules.ofEventType(e.type()));
        store().replaceDecisions(e.id(), decisions, now);
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
        String payload = e.payload().toString();
        String payloadProblem = payload.length() > JobDefaults.MAX_ARGS_CHARS
                ? "is larger than " + JobDefaults.MAX_ARGS_CHARS + " characters of JSON"
                : JsonFields.payloadTextProblem(payload);
        if (payloadProblem != null) {
            errors.add(new FieldError("payload", payloadProblem));
        }
        // REST's reader checks its strings so; a CDI event or the Java API reaches here without it.
        JsonFields.checkText(e.type(), "type", (field, why) -> errors.add(new FieldError(field, why)));
        JsonFields.checkText(e.idempotencyKey(), "idempotencyKey", (field, why) -> errors.add(new FieldError(field, why)));
        return errors;
    }

    private EventStore store() {
        if (store == null) {
            store = new EventStore(database.dataSource(), database.dialect());
        }
        return store;
    }
}

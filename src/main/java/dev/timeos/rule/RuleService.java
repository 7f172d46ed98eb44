package dev.timeos.rule;

import dev.timeos.json.JsonP;
import dev.timeos.schedule.TimeOSClock;
import dev.timeos.dispatch.OverlapPolicy;
import dev.timeos.action.ActionRegistry;
import dev.timeos.error.ConflictException;
import dev.timeos.error.FieldError;
import dev.timeos.error.InvalidInputException;
import dev.timeos.error.NotFoundException;
import dev.timeos.error.Outcome;
import dev.timeos.job.JobService;
import dev.timeos.job.Page;
import dev.timeos.json.JsonFields;
import dev.timeos.json.Limits;
import dev.timeos.rule.condition.Condition;
import dev.timeos.schedule.MisfirePolicy;
import dev.timeos.store.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Rules as the engine and clients manage them: create, read, change, delete, and the code/file sources. */
@ApplicationScoped
@Transactional
public class RuleService {

    private static final Logger LOG = Logger.getLogger(RuleService.class.getName());

    /** What may be changed on a rule defined in code or in the rules file (the rest belongs to its source). */
    static final Set<String> OPERATIONAL_FIELDS = Set.of("enabled", "priority", "rateLimitPerMinute", "maxAttempts",
            "backoff", "timeout");

    @PersistenceContext(unitName = "timeos")
    EntityManager em;

    @Inject
    ActionRegistry actions;

    @Inject
    JobService jobs;

    @Inject
    CodeConditions codeConditions;

    @Inject
    @TimeOSClock
    Clock clock;

    @Inject
    dev.timeos.store.Database database;

    @Inject
    Event<RulesChanged> changes;

    /** Fired (after commit) when rules were created or changed, so that time rules are planned at once. */
    public record RulesChanged(List<String> ruleIds) {
    }

    public Outcome<Rule> create(Rule draft, String by) {
        List<FieldError> errors = new ArrayList<>();
        check(draft, errors);
        if (!errors.isEmpty()) {
            return Outcome.refused(new InvalidInputException(errors));
        }
        Instant now = now();
        Rule rule = draft.withId(Ids.newId()).withSource(Rule.Source.API);
        rule = named(rule);
        RuleEntity e = new RuleEntity();
        e.id = rule.id();
        e.resetSchedule(now);
        e.define(rule, now);
        em.persist(e);
        history(rule.id(), now, by, RuleChange.CREATE, null, rule);
        changes.fire(new RulesChanged(List.of(rule.id())));
        return Outcome.of(rule);
    }

    /** Every change of the rule, oldest first; kept after the rule is deleted. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Outcome<List<RuleChange>> history(String id) {
        List<RuleChange> changes;
        // A read outside any transaction: JPA has no connection to lend then.
        try (Connection c = database.dataSource().getConnection()) {
            changes = RuleHistory.of(c, id);
        } catch (java.sql.SQLException e) {
            throw new dev.timeos.store.StoreException(e);
        }
        if (changes.isEmpty() && find(id) == null) {
            // Rules stored before history existed have none, but are still rules.
            return Outcome.refused(notFound(id));
        }
        return Outcome.of(changes);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Outcome<Rule> get(String id) {
        RuleEntity e = find(id);
        return e == null ? Outcome.refused(notFound(id)) : Outcome.of(toRule(e));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Rule> list(int limit, int offset) {
        List<Rule> items = em.createQuery("SELECT r FROM RuleEntity r ORDER BY r.createdAt, r.id", RuleEntity.class)
                .setFirstResult(offset).setMaxResults(limit).getResultStream().map(this::toRule).toList();
        long total = em.createQuery("SELECT COUNT(r) FROM RuleEntity r", Long.class).getSingleResult();
        return new Page<>(items, total);
    }

    /** Enabled rules triggered by events of this type. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Rule> matching(String eventType) {
        return em.createQuery("SELECT r FROM RuleEntity r WHERE r.eventType = :t AND r.enabled = true", RuleEntity.class)
                .setParameter("t", eventType).getResultStream().map(this::toRule).toList();
    }

    /** {@link #ofEventTypes} for one type. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Rule> ofEventType(String eventType) {
        return ofEventTypes(List.of(eventType)).getOrDefault(eventType, List.of());
    }

    /**
     * Every rule triggered by events of these types, disabled ones too (an event says why each made no job), by type, as
     * they stand until the caller's transaction ends: their rows are held shared, all at once (RuleLocks), so a pause or
     * delete cannot commit between this read and the event's jobs.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, List<Rule>> ofEventTypes(Collection<String> eventTypes) {
        if (eventTypes.isEmpty()) {
            return Map.of();
        }
        onConnection(c -> {
            RuleLocks.holdForEvents(c, database.dialect(), eventTypes);
            return null;
        });
        Map<String, List<Rule>> byType = new HashMap<>();
        em.createQuery("SELECT r FROM RuleEntity r WHERE r.eventType IN :t ORDER BY r.id", RuleEntity.class)
                .setParameter("t", List.copyOf(new java.util.TreeSet<>(eventTypes))).getResultStream().map(this::toRule)
                .forEach(r -> byType.computeIfAbsent(((Trigger.OnEvent) r.trigger()).type(), t -> new ArrayList<>()).add(r));
        return byType;
    }

    /** Rules by status ({@code ORPHANED}: what an operator may delete), oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Rule> list(Rule.Status status, int limit, int offset) {
        if (status == null) {
            return list(limit, offset);
        }
        List<Rule> items = em.createQuery("SELECT r FROM RuleEntity r WHERE r.status = :s ORDER BY r.createdAt, r.id", RuleEntity.class)
                .setParameter("s", status.name()).setFirstResult(offset).setMaxResults(limit).getResultStream().map(this::toRule).toList();
        long total = em.createQuery("SELECT COUNT(r) FROM RuleEntity r WHERE r.status = :s", Long.class)
                .setParameter("s", status.name()).getSingleResult();
        return new Page<>(items, total);
    }

    /** The next {@code count} occurrences of a time rule from now (empty for event rules and finished one-time rules). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Outcome<List<Instant>> nextFireTimes(String id, int count) {
        RuleEntity e = find(id);
        if (e == null) {
            return Outcome.refused(notFound(id));
        }
        Rule r = toRule(e);
        Instant from = now();
        if (e.lastPlannedAt != null && e.lastPlannedAt.isAfter(from)) {
            from = e.lastPlannedAt.minusMillis(1);
        }
        Instant start = from;
        return Outcome.of(r.trigger().schedule(e.createdAt).map(s -> s.next(start, count)).orElse(List.of()));
    }

    /**
     * Enabled time rules (every, cron, weekly, at, immediate), with their schedule state. Read in a transaction of
     * its own (the class's REQUIRED), never SUPPORTS: the planner calls it from a periodic managed task, where no
     * request or transaction bounds a non-transactional EntityManager. Payara closes such an EntityManager when the
     * task's first run ends and hands the closed one to every later run (planning stopped after the first pass);
     * a transaction-scoped one is opened and closed by each call on every server.
     */
    public List<Planned> timeRules() {
        List<Planned> planned = new ArrayList<>();
        for (RuleEntity e : em.createQuery("SELECT r FROM RuleEntity r WHERE r.eventType IS NULL AND r.enabled = true",
                RuleEntity.class).getResultList()) {
            try {
                planned.add(new Planned(toRule(e), e.createdAt, e.lastPlannedAt, e.version));
            } catch (RuntimeException unreadable) {
                // One rule that no longer reads (stored by a version that checked less) must not stop every other
                // rule's planning, as it once did: it is left out and named in the log, once per rule.
                if (unreadableTimeRules.add(e.id)) {
                    LOG.log(Level.SEVERE, "TimeOS: time rule " + e.id + " cannot be read and is not planned; fix or "
                            + "delete it", unreadable);
                }
            }
        }
        return planned;
    }

    /** Time rules the planner left out because they did not read, each logged once. */
    private final Set<String> unreadableTimeRules = ConcurrentHashMap.newKeySet();

    /**
     * A time rule, when it was created (the anchor of intervals), its last planned occurrence, and the version
     * of the rule row these were read from: the planner stores occurrences only while the row still has it.
     */
    public record Planned(Rule rule, Instant createdAt, Instant lastPlannedAt, long version) {
    }

    /**
     * JSON merge patch (RFC 7396) of a rule: only the fields given change. Rules from code or the rules
     * file take only operational changes; their definition belongs to their source.
     */
    public Outcome<Rule> patch(String id, JsonObject patch, String by) {
        RuleEntity e = findForChange(id);
        if (e == null) {
            return Outcome.refused(notFound(id));
        }
        Rule current = toRule(e);
        Rule updated;
        try {
            updated = patched(current, patch);
        } catch (InvalidInputException refused) {
            return Outcome.refused(refused); // nothing written yet
        }
        boolean scheduleChanged = !RuleJson.trigger(updated.trigger()).equals(RuleJson.trigger(current.trigger()));
        Instant now = now();
        if (scheduleChanged) {
            // A new schedule starts from now; its old planned occurrences go.
            jobs.cancelPending(id, "rule " + id + "'s schedule was changed by " + by);
            e.resetSchedule(now);
        }
        e.define(updated, now);
        if (current.enabled() && !updated.enabled()) {
            // Paused: what was planned ahead does not run.
            jobs.cancelPending(id, "rule " + id + " was paused by " + by);
        } else if (!current.enabled() && updated.enabled() && !scheduleChanged && updated.trigger().isTimeBased()) {
            // Resumed on the same schedule: occurrences during the pause were not missed, they were paused.
            e.planned(now, now);
        }
        history(id, now, by, kindOf(patch, current, updated), current, updated);
        changes.fire(new RulesChanged(List.of(id)));
        return Outcome.of(updated);
    }

    /** The rule as the patch would make it; refused (InvalidInputException) with every field in error. Writes nothing. */
    private Rule patched(Rule current, JsonObject patch) {
        if (patch.containsKey("status")) {
            throw new InvalidInputException(List.of(new FieldError("status", "is set by reloads (orphaned: no running node "
                    + "defines the rule); DELETE an orphaned rule to remove it")));
        }
        if (current.source() != Rule.Source.API) {
            List<FieldError> refused = patch.keySet().stream().filter(k -> !OPERATIONAL_FIELDS.contains(k))
                    .map(k -> new FieldError(k, "is defined by the rule's " + current.source().wireName()
                            + " source; only " + OPERATIONAL_FIELDS + " can be changed here"))
                    .toList();
            if (!refused.isEmpty()) {
                throw new InvalidInputException(refused);
            }
        }
        JsonObject merged = JsonP.createMergePatch(patch).apply(RuleJson.write(current).build()).asJsonObject();
        JsonFields f = new JsonFields(merged, "");
        Rule changed = RuleJson.read(f); // its values checked there (RuleChecks)
        checkAction(changed, f.errors());
        f.check();
        // {"name": null} removes the name, as a merge patch says: the rule is then named as an unnamed new one is.
        return named(new Rule(current.id(), changed.name(), changed.trigger(), changed.action(), changed.args(),
                current.codeWhen() != null && !patch.containsKey("when") ? null : changed.when(), current.codeWhen(),
                changed.priority(), changed.rateLimitPerMinute(), changed.maxAttempts(), changed.backoff(), changed.timeout(),
                changed.overlap(), changed.misfire(), changed.enabled(), current.source(), current.status()));
    }

    /** A patch that only pauses or resumes is an {@code enable} / {@code disable}; any other is a {@code patch}. */
    private static String kindOf(JsonObject patch, Rule before, Rule after) {
        if (patch.keySet().equals(Set.of("enabled")) && before.enabled() != after.enabled()) {
            return after.enabled() ? RuleChange.ENABLE : RuleChange.DISABLE;
        }
        return RuleChange.PATCH;
    }

    /**
     * Deletes a rule made through the API, or a code or file rule that no running node defines any more
     * (orphaned), and cancels its pending jobs. Its history stays.
     */
    public Outcome<Void> delete(String id, String by) {
        RuleEntity e = findForChange(id);
        if (e == null) {
            return Outcome.refused(notFound(id));
        }
        if (!Rule.Source.API.name().equals(e.source) && !Rule.Status.ORPHANED.name().equals(e.status)) {
            return Outcome.refused(new ConflictException("rule " + id + " is defined in " + e.source.toLowerCase()
                    + " by a running node; remove it there, or disable it with PATCH {\"enabled\": false}"
                    + " (a code or file rule that no node defines any more is orphaned, and can be deleted)"));
        }
        Rule before = toRule(e);
        jobs.cancelPending(id, "rule " + id + " was deleted by " + by);
        RuleDefiners.forgetRule(connection(), id);
        em.remove(e);
        history(id, now(), by, RuleChange.DELETE, before, null);
        return Outcome.done();
    }

    /**
     * What one unit of a source (a RuleSet class, or the rules file) defined on this node at a reload.
     *
     * @param definedIn the RuleSet's class name, or the rules file's path
     * @param rules     the rules it defined (none when it failed)
     * @param kept      ids of its rules that had a problem this time: their last good definition stays
     * @param keepRest  it failed (wholly, or for rules whose id is unknown): every rule this node had from it stays
     */
    public record Definition(String definedIn, List<Rule> rules, Set<String> kept, boolean keepRest) {

        public static Definition failed(String definedIn) {
            return new Definition(definedIn, List.of(), Set.of(), true);
        }
    }

    /**
     * Applies what this node's code or file source defines now. Never deletes: a rule whose definition failed keeps
     * its last good stored definition and its jobs; a rule this node no longer defines loses only this node's
     * definer row; a rule that no node defines any more becomes {@code ORPHANED} (kept, jobs and all, until an
     * operator deletes it), and becomes {@code ACTIVE} again when a node defines it. Each change goes to the rule's
     * history, by {@code code} or {@code file}.
     *
     * @return problems, by rule (or RuleSet) name; rules with problems keep their last good definition
     */
    public Map<String, String> applySource(Rule.Source source, String node, List<Definition> units) {
        Instant now = now();
        String by = source == Rule.Source.FILE ? RuleChange.BY_FILE : RuleChange.BY_CODE;
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, RuleEntity> stored = new LinkedHashMap<>();
        // Taken, like a PATCH (findForChange), all in id order: the source's rules change here, and their jobs may be
        // cancelled. Two nodes reloading at once serialize on these rows, so each sees the other's definer rows when it
        // orphans; an event under way on one of them is waited for.
        takeForChange(em.createQuery("SELECT r.id FROM RuleEntity r WHERE r.source = :s", String.class)
                .setParameter("s", source.name()).getResultList());
        em.createQuery("SELECT r FROM RuleEntity r WHERE r.source = :s", RuleEntity.class)
                .setParameter("s", source.name()).getResultList().forEach(e -> stored.put(e.id, e));
        Connection c = connection();
        Map<String, String> mine = RuleDefiners.ofNode(c, node, source);
        Set<String> keep = new HashSet<>();
        Map<String, String> definedNow = new LinkedHashMap<>();
        List<String> touched = new ArrayList<>();
        for (Definition unit : units) {
            if (unit.keepRest()) {
                mine.forEach((ruleId, in) -> {
                    if (in.equals(unit.definedIn())) {
                        keep.add(ruleId);
                    }
                });
            }
            keep.addAll(unit.kept());
            for (Rule draft : unit.rules()) {
                Rule rule = named(draft.withSource(source));
                rule = rule.withId(sourceId(source, rule.name()));
                List<FieldError> errors = new ArrayList<>();
                check(rule, errors);
                if (!errors.isEmpty() || definedNow.containsKey(rule.id())) {
                    problems.put(rule.name(), (errors.isEmpty() ? "two rules are named '" + rule.name() + "'" : errors.toString())
                            + (stored.containsKey(rule.id()) ? "; its last good definition is kept" : ""));
                    keep.add(rule.id());
                    continue;
                }
                definedNow.put(rule.id(), unit.definedIn());
                touched.add(rule.id());
                RuleEntity e = stored.get(rule.id());
                if (e == null) {
                    e = new RuleEntity();
                    e.id = rule.id();
                    e.resetSchedule(now);
                    e.define(rule, now);
                    em.persist(e);
                    stored.put(e.id, e);
                    history(rule.id(), now, by, RuleChange.CREATE, null, rule);
                } else {
                    Rule before = toRule(e);
                    Rule after = rule.withEnabled(e.enabled).withStatus(before.status());
                    if (!RuleJson.write(before).build().equals(RuleJson.write(after).build())) {
                        String oldTrigger = e.triggerJson;
                        e.define(after, now);
                        if (!oldTrigger.equals(e.triggerJson)) {
                            jobs.cancelPending(e.id, "rule " + e.id + "'s schedule was changed by a reload (" + by + ")");
                            e.resetSchedule(now);
                        }
                        history(rule.id(), now, by, RuleChange.RELOAD, before, after);
                    }
                }
                codeConditions.put(rule.id(), rule.codeWhen());
            }
        }
        for (Map.Entry<String, String> row : mine.entrySet()) {
            if (!definedNow.containsKey(row.getKey()) && !keep.contains(row.getKey())) {
                RuleDefiners.remove(c, row.getKey(), node);
            }
        }
        definedNow.forEach((ruleId, in) -> RuleDefiners.put(c, ruleId, node, in, now, mine.containsKey(ruleId)));
        orphanOrRevive(c, source, stored.values(), now, by);
        changes.fire(new RulesChanged(touched));
        return problems;
    }

    /**
     * A node that stops no longer defines anything. Statuses change at the next reload of a running node, not here:
     * a restarting single node would otherwise orphan, then revive, every rule it has.
     */
    public int forgetNode(String node) {
        return RuleDefiners.forgetNode(connection(), node);
    }

    private void orphanOrRevive(Connection c, Rule.Source source, java.util.Collection<RuleEntity> rules, Instant now, String by) {
        Set<String> defined = RuleDefiners.defined(c, source);
        for (RuleEntity e : rules) {
            Rule.Status status = defined.contains(e.id) ? Rule.Status.ACTIVE : Rule.Status.ORPHANED;
            if (!status.name().equals(e.status)) {
                Rule before = toRule(e);
                e.status(status, now);
                history(e.id, now, by, RuleChange.RELOAD, before, before.withStatus(status));
            }
        }
    }

    private void history(String ruleId, Instant at, String by, String change, Rule before, Rule after) {
        RuleHistory.append(connection(), ruleId, new RuleChange(at, by, change,
                before == null ? null : RuleJson.write(before).build(), after == null ? null : RuleJson.write(after).build()));
    }

    /** The connection of JPA's transaction: history and definer rows commit or roll back with the rule's change. */
    private Connection connection() {
        return em.unwrap(Connection.class);
    }

    /** Plain SQL on the JTA transaction's connection (the rules' locks); a database error is a StoreException. */
    private <T> T onConnection(dev.timeos.store.Jdbc.Work<T> work) {
        try {
            return work.apply(connection());
        } catch (java.sql.SQLException e) {
            throw new dev.timeos.store.StoreException(e);
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long count() {
        return em.createQuery("SELECT COUNT(r) FROM RuleEntity r", Long.class).getSingleResult();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long countEnabled() {
        return em.createQuery("SELECT COUNT(r) FROM RuleEntity r WHERE r.enabled = true", Long.class).getSingleResult();
    }

    /** What the dispatcher needs of a rule; null when the rule no longer exists. */
    public record DispatchSettings(OptionalInt rateLimitPerMinute, OverlapPolicy overlap) {
    }

    /** In a transaction of its own, like {@link #timeRules()}: the dispatcher's threads call it, outside any request. */
    public DispatchSettings dispatchSettings(String ruleId) {
        RuleEntity e = em.find(RuleEntity.class, ruleId);
        if (e == null) {
            return null;
        }
        return new DispatchSettings(e.rateLimitPerMinute == null ? OptionalInt.empty() : OptionalInt.of(e.rateLimitPerMinute),
                OverlapPolicy.valueOf(e.overlap));
    }

    /** Every check of a rule about to be stored, from any source: its values (RuleChecks), then its action. */
    private void check(Rule r, List<FieldError> errors) {
        RuleChecks.check(r, Limits.get(), (field, reason) -> errors.add(new FieldError(field, reason)));
        checkAction(r, errors);
    }

    private void checkAction(Rule r, List<FieldError> errors) {
        if (r.action() != null && !actions.exists(r.action())) {
            errors.add(new FieldError("action", "unknown action '" + r.action() + "'; registered: " + actions.names()));
        } else if (r.action() != null) {
            // A rule has no target of its own: the action finds it in the args, and refuses a bad one here.
            actions.find(r.action()).ifPresent(p -> errors.addAll(p.check(null,
                    r.args() == null ? JsonObject.EMPTY_JSON_OBJECT : r.args(), "args")));
        }
    }

    /** @return the rule, or null */
    private RuleEntity find(String id) {
        return em.find(RuleEntity.class, id);
    }

    /**
     * The rule, read with its row locked until this transaction ends, before anything cancels its jobs. A
     * planning pass takes the same row before it stores occurrences (OccurrenceWriter), so the two serialize:
     * either the pass commits first and the cancel that follows sees its jobs, or it waits for this commit, finds the
     * rule's version moved on, and stores nothing. Without the lock, a pass could insert jobs between the
     * cancel and the commit of the change, and a paused or deleted rule would fire once more.
     */
    /** The rule, held exclusively until the transaction ends (RuleLocks.takeForChange), or null. */
    private RuleEntity findForChange(String id) {
        takeForChange(List.of(id));
        return em.find(RuleEntity.class, id);
    }

    private void takeForChange(Collection<String> ids) {
        onConnection(c -> {
            RuleLocks.takeForChange(c, ids);
            return null;
        });
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no rule with id '" + id + "'");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    Rule toRule(RuleEntity e) {
        JsonFields f = new JsonFields(JsonP.readObject(e.triggerJson), "trigger");
        Trigger trigger = RuleJson.trigger(f);
        if (trigger == null) {
            throw new IllegalStateException("rule " + e.id + " has a stored trigger that no longer reads: " + f.errors());
        }
        return new Rule(e.id, e.name, trigger, e.action, JsonP.readObject(e.args),
                e.when == null ? null : Condition.parse(e.when), e.codeCondition ? codeConditions.get(e.id) : null,
                e.priority, e.rateLimitPerMinute, e.maxAttempts, Duration.ofMillis(e.backoffMillis),
                e.timeoutMillis == null ? null : Duration.ofMillis(e.timeoutMillis), OverlapPolicy.valueOf(e.overlap),
                MisfirePolicy.valueOf(e.misfire), e.enabled, Rule.Source.valueOf(e.source), Rule.Status.valueOf(e.status));
    }

    /** A rule without a name is named after what it does: {@code user_signup -> send_welcome_email}. */
    static Rule named(Rule r) {
        if (r.name() != null) {
            return r;
        }
        String what;
        if (r.trigger() instanceof Trigger.OnEvent e) {
            what = e.type();
        } else if (r.trigger() instanceof Trigger.Cron c) {
            what = "cron " + c.expression() + " " + c.zone().getId();
        } else if (r.trigger() instanceof Trigger.Weekly w) {
            what = "weekly " + w.day() + " " + w.at() + " " + w.zone().getId();
        } else if (r.trigger() instanceof Trigger.Every v) {
            what = "every " + v.interval();
        } else if (r.trigger() instanceof Trigger.At a) {
            what = "at " + a.at();
        } else {
            what = "immediately";
        }
        // Within the column (RuleChecks): a 200-character event type would not fit. The column's bound, not the
        // configured name-chars: a code rule's id is made from its name, and must not change with that setting.
        String name = what + " -> " + r.action();
        int max = Limits.NAME_COLUMN;
        return new Rule(r.id(), name.length() <= max ? name : name.substring(0, max - 1) + "…", r.trigger(), r.action(), r.args(), r.when(), r.codeWhen(),
                r.priority(), r.rateLimitPerMinute(), r.maxAttempts(), r.backoff(), r.timeout(), r.overlap(), r.misfire(),
                r.enabled(), r.source());
    }

    /** Stable ids for code and file rules, from their names: the same rule keeps its id (and schedule) across restarts. */
    static String sourceId(Rule.Source source, String name) {
        String prefix = source.wireName() + ":";
        if (prefix.length() + name.length() <= 64) {
            return prefix + name;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return prefix + name.substring(0, 40) + "#" + HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

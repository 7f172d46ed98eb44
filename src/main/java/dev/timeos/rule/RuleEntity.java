package dev.timeos.rule;

import dev.timeos.job.EpochMillisConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

/**
 * Row of {@code timeos_rule}. Every rule is stored, whatever its source, so that each node sees the same
 * rules and recurring rules keep their schedule state ({@code lastPlannedAt}) across restarts.
 */
@Entity
@Table(name = "timeos_rule")
public class RuleEntity {

    @Id
    String id;
    String name;
    String source;
    @Column(name = "trigger_json")
    String triggerJson;
    /** Set for event triggers: the index that finds the rules an event matches. */
    @Column(name = "event_type")
    String eventType;
    @Column(name = "action_name")
    String action;
    String args;
    @Column(name = "when_expr")
    String when;
    @Column(name = "code_condition")
    boolean codeCondition;
    int priority;
    @Column(name = "rate_limit_per_minute")
    Integer rateLimitPerMinute;
    @Column(name = "max_attempts")
    int maxAttempts;
    @Column(name = "backoff_ms")
    long backoffMillis;
    @Column(name = "timeout_ms")
    Long timeoutMillis;
    @Column(name = "overlap_policy")
    String overlap;
    @Column(name = "misfire_policy")
    String misfire;
    boolean enabled;
    /** ACTIVE or ORPHANED ({@link Rule.Status}): set by reloads from who defines the rule, never by {@link #define}. */
    String status = Rule.Status.ACTIVE.name();
    @Column(name = "last_planned_at")
    @Convert(converter = EpochMillisConverter.class)
    Instant lastPlannedAt;
    @Column(name = "created_at")
    @Convert(converter = EpochMillisConverter.class)
    Instant createdAt;
    @Column(name = "updated_at")
    @Convert(converter = EpochMillisConverter.class)
    Instant updatedAt;
    /**
     * Adds one on every JPA change of the rule (definition, pause, resume, schedule reset). A planning pass
     * stores occurrences only for the version it read (OccurrenceWriter), so a change committed meanwhile
     * wins; the planner itself leaves the version alone, so that it never fails a concurrent JPA writer.
     */
    @Version
    long version;

    /** Copies a rule's definition in (all but id, creation time and schedule state). Inside the entity: see JobEntity. */
    void define(Rule r, Instant now) {
        name = r.name();
        source = r.source().name();
        triggerJson = RuleJson.trigger(r.trigger()).toString();
        eventType = r.trigger() instanceof Trigger.OnEvent e ? e.type() : null;
        action = r.action();
        args = r.args().toString();
        when = r.when() == null ? null : r.when().source();
        codeCondition = r.codeWhen() != null;
        priority = r.priority();
        rateLimitPerMinute = r.rateLimitPerMinute();
        maxAttempts = r.maxAttempts();
        backoffMillis = r.backoff().toMillis();
        timeoutMillis = r.timeout() == null ? null : r.timeout().toMillis();
        overlap = r.overlap().name();
        misfire = r.misfire().name();
        enabled = r.enabled();
        updatedAt = now;
    }

    void planned(Instant occurrence, Instant now) {
        lastPlannedAt = occurrence;
        updatedAt = now;
    }

    /** Inside the entity, like every change: a field written from outside escapes the change tracking of a woven entity. */
    void status(Rule.Status s, Instant now) {
        status = s.name();
        updatedAt = now;
    }

    void resetSchedule(Instant now) {
        lastPlannedAt = null;
        createdAt = now;
    }
}

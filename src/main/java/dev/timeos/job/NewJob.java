package dev.timeos.job;

import dev.timeos.store.Ids;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A job row about to be inserted, every default resolved: {@link JobService} and the planner make them. */
public record NewJob(String id, String ruleId, String eventId, String action, String target, String args,
                     Instant performAt, int priority, JobStatus status, int maxAttempts, Duration backoff,
                     Duration timeout, String dependsOn, Instant occurrenceAt, Instant createdAt) {

    /**
     * A request with every default resolved ({@link JobDefaults}), due at its time or now. Its id is made from
     * {@code now}, its creation instant: the job list reads newest first by id (V12).
     *
     * @param dependency the state of the job it depends on, or null: it waits unless that one has succeeded
     */
    public static NewJob of(JobRequest r, JobStatus dependency, Instant now) {
        return new NewJob(Ids.newId(now), r.ruleId(), r.eventId(), r.action(), r.target(),
                (r.payload() == null ? JsonObject.EMPTY_JSON_OBJECT : r.payload()).toString(),
                r.time() == null ? now : r.time().truncatedTo(ChronoUnit.MILLIS),
                r.priority() == null ? JobDefaults.PRIORITY : r.priority(),
                dependency != null && dependency != JobStatus.SUCCEEDED ? JobStatus.WAITING : JobStatus.SCHEDULED,
                r.maxAttempts() == null ? JobDefaults.MAX_ATTEMPTS : r.maxAttempts(),
                r.backoff() == null ? JobDefaults.BACKOFF : r.backoff(), r.timeout(), r.dependsOn(), null, now);
    }

    /** The same job as one occurrence of its recurring rule: unique per (rule, occurrence) across the cluster. */
    public NewJob occurrence(Instant at) {
        return new NewJob(id, ruleId, eventId, action, target, args, performAt, priority, status, maxAttempts, backoff,
                timeout, dependsOn, at, createdAt);
    }
}

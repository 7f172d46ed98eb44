package dev.timeos.job;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;

/** Row of {@code timeos_job}. The dispatcher's hot path reads and writes the same table with plain SQL. */
@Entity
@Table(name = "timeos_job")
public class JobEntity {

    @Id
    @Column(length = 36)
    String id;
    @Column(name = "rule_id")
    String ruleId;
    @Column(name = "event_id")
    String eventId;
    @Column(name = "action_name", nullable = false)
    String action;
    String target;
    @Column(nullable = false)
    String args;
    @Column(name = "perform_at", nullable = false)
    @Convert(converter = EpochMillisConverter.class)
    Instant performAt;
    int priority;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    JobStatus status;
    int attempt;
    @Column(name = "max_attempts")
    int maxAttempts;
    @Column(name = "backoff_ms")
    long backoffMillis;
    @Column(name = "timeout_ms")
    Long timeoutMillis;
    @Column(name = "last_error")
    String lastError;
    @Column(name = "depends_on")
    String dependsOn;
    @Column(name = "created_at", nullable = false)
    @Convert(converter = EpochMillisConverter.class)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    @Convert(converter = EpochMillisConverter.class)
    Instant updatedAt;
    @Column(name = "started_at")
    @Convert(converter = EpochMillisConverter.class)
    Instant startedAt;
    @Column(name = "finished_at")
    @Convert(converter = EpochMillisConverter.class)
    Instant finishedAt;
    @Column(name = "lease_owner")
    String leaseOwner;
    @Column(name = "lease_expires_at")
    @Convert(converter = EpochMillisConverter.class)
    Instant leaseExpiresAt;

    /*
     * State changes live here, not in the service: EclipseLink's woven change tracking only sees writes
     * made inside the entity class.
     */

    void reschedule(Instant time, Instant now) {
        performAt = time;
        updatedAt = now;
    }

    void cancel(Instant now) {
        status = JobStatus.CANCELLED;
        finishedAt = now;
        updatedAt = now;
    }

    /** A dead job starts over: due now, attempts reset; its last error stays as history. */
    void restart(Instant now) {
        status = JobStatus.SCHEDULED;
        performAt = now;
        attempt = 0;
        finishedAt = null;
        updatedAt = now;
    }

    public Job toJob() {
        return new Job(id, ruleId, eventId, action, target, parse(args), performAt, priority, status, attempt,
                maxAttempts, Duration.ofMillis(backoffMillis), timeoutMillis == null ? null : Duration.ofMillis(timeoutMillis),
                lastError, dependsOn, createdAt, startedAt, finishedAt);
    }

    static JsonObject parse(String json) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }
}

package dev.timeos.job;

import dev.timeos.json.JsonP;
import jakarta.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;

/**
 * Row of {@code timeos_job}, for reads only (lists, details): every write goes through {@link JobRepository}, as a
 * conditional statement, so JPA never writes a job it read earlier.
 */
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

    public Job toJob() {
        return new Job(id, ruleId, eventId, action, target, parse(args), performAt, priority, status, attempt,
                maxAttempts, Duration.ofMillis(backoffMillis), timeoutMillis == null ? null : Duration.ofMillis(timeoutMillis),
                lastError, dependsOn, createdAt, startedAt, finishedAt);
    }

    static JsonObject parse(String json) {
        return JsonP.readObject(json);
    }
}

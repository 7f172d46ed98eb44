package dev.timeos.job;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Row of {@code timeos_execution}: one attempt. Written in batches by the dispatcher; read here. */
@Entity
@Table(name = "timeos_execution")
public class ExecutionEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "job_id", nullable = false)
    String jobId;
    int attempt;
    String node;
    @Column(name = "started_at")
    @Convert(converter = EpochMillisConverter.class)
    Instant startedAt;
    @Column(name = "finished_at")
    @Convert(converter = EpochMillisConverter.class)
    Instant finishedAt;
    @Enumerated(EnumType.STRING)
    Execution.Outcome outcome;
    @Column(name = "error_message")
    String error;

    public Execution toExecution() {
        return new Execution(attempt, node, startedAt, finishedAt, outcome, error);
    }
}

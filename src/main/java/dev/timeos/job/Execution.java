package dev.timeos.job;

import java.time.Instant;

/** One attempt of a job: the audit trail. */
public record Execution(int attempt, String node, Instant startedAt, Instant finishedAt, Outcome outcome, String error) {

    /** How an attempt ended. */
    public enum Outcome {
        SUCCEEDED,
        FAILED,
        /** ran past the job's timeout and was interrupted */
        TIMEOUT,
        /** the job was cancelled while it ran */
        CANCELLED,
        /** not run: its rule's previous run was still running (overlap policy "skip"); the job is CANCELLED */
        SKIPPED,
        /** its node died (lease expired) or restarted while it ran; the job runs again */
        LOST,
        /** handed back unfinished at shutdown; the job runs again */
        RELEASED,
        /**
         * finished after its node had lost the claim (its lease expired and the job was reaped, or the job was
         * changed meanwhile): the result was not applied to the job; the error says what it was
         */
        STALE
    }
}

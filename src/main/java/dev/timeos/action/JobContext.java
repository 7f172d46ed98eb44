package dev.timeos.action;

import jakarta.json.JsonObject;

import java.time.Duration;
import java.time.Instant;

/**
 * What a performer gets to know about the attempt it runs.
 *
 * @param jobId     stable across attempts: the performer's idempotency key
 * @param attempt   1 for the first attempt
 * @param args      the job's JSON arguments (the event payload plus rule args, or what the client posted)
 * @param target    the action's target (a URL for http, a topic for kafka), may be null
 * @param dueAt     when the job was due; the attempt starts at or after it
 * @param timeout   the job's timeout, or null: the engine interrupts the attempt then; a performer that waits on
 *                  the network should give up by itself within it too (an interrupted socket read may not stop)
 */
public record JobContext(String jobId, String action, int attempt, int maxAttempts, JsonObject args, String target,
                         Instant dueAt, String ruleId, String eventId, Duration timeout) {

    /** Without a timeout: the shape before performers were told it. */
    public JobContext(String jobId, String action, int attempt, int maxAttempts, JsonObject args, String target,
                      Instant dueAt, String ruleId, String eventId) {
        this(jobId, action, attempt, maxAttempts, args, target, dueAt, ruleId, eventId, null);
    }
}

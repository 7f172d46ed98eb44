package dev.timeos.action;

import dev.timeos.error.FieldError;
import jakarta.json.JsonObject;

import java.util.List;

/**
 * The code an action runs. Implementations are CDI beans qualified with {@link Action}.
 * Returning normally is success; throwing is a failure that is retried with backoff until the job's
 * attempts run out; throwing {@link PermanentFailure} sends the job to the dead-letter queue at once;
 * throwing {@link RetryLater} asks for the retry not to come before a given instant.
 * Delivery is at-least-once: use {@link JobContext#jobId()} as an idempotency key.
 */
@FunctionalInterface
public interface Performer {

    void perform(JobContext job) throws Exception;

    /**
     * Checks what a job or rule gives this action when it is created, so that a job that can only fail is refused
     * up front (nothing stored) rather than dead-lettered later. Must not do I/O (no DNS): it runs inside the
     * creating transaction.
     *
     * @param target    the job's target, or null (a rule has none: its jobs take the target from their args)
     * @param args      the job's or rule's arguments, never null
     * @param argsField the request field that holds {@code args} ({@code payload} for a job, {@code args} for a rule),
     *                  to name a bad field inside it
     * @return the refused fields; empty when the job may be created
     */
    default List<FieldError> check(String target, JsonObject args, String argsField) {
        return List.of();
    }
}

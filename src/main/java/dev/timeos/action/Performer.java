package dev.timeos.action;

/**
 * The code an action runs. Implementations are CDI beans qualified with {@link Action}.
 * Returning normally is success; throwing is a failure that is retried with backoff until the job's
 * attempts run out; throwing {@link PermanentFailure} sends the job to the dead-letter queue at once.
 * Delivery is at-least-once: use {@link JobContext#jobId()} as an idempotency key.
 */
@FunctionalInterface
public interface Performer {

    void perform(JobContext job) throws Exception;
}

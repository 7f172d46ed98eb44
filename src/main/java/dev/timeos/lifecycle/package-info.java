/**
 * Lifecycle events: CDI events that any bean may observe, the Java form of telemetry.
 * {@code void onDead(@Observes JobDead e) { alerts.page(e.jobId(), e.error()); }}
 * <p>
 * Job events are fired after the state they report is committed. They are fired synchronously on the
 * engine's own threads, so observers should be quick (or use {@code @ObservesAsync}, which TimeOS also
 * fires); a failing observer never changes a job's outcome.
 */
package dev.timeos.lifecycle;

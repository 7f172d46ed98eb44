/**
 * Lifecycle events: CDI events that any bean may observe, the Java form of telemetry.
 * {@code void onDead(@Observes JobDead e) { alerts.page(e.jobId(), e.error()); }}
 * <p>
 * Every event goes through {@link dev.timeos.lifecycle.LifecycleEvents}: it is fired only after the state
 * it reports is committed (a rolled-back job creation reports nothing), to synchronous observers on the
 * engine's (or the committing caller's) thread, so they should be quick, and to {@code @ObservesAsync}
 * observers; a failing observer never changes a job's outcome.
 */
package dev.timeos.lifecycle;

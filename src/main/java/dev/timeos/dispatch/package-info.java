/**
 * The dispatcher: claims due jobs, runs them on workers, records outcomes, keeps leases, and stops gracefully.
 * Its parts, each a class of its own and unit-tested with a test clock and a manual timer or executor:
 * {@link dev.timeos.dispatch.Waiter} (when to tick; no lost wake-up), {@link dev.timeos.dispatch.Admission}
 * (rate limits, concurrency), {@link dev.timeos.dispatch.WorkerPool} (the workers, attempts keyed by lease),
 * {@link dev.timeos.dispatch.CompletionWriter} (starts and ends in batches) and
 * {@link dev.timeos.dispatch.LeaseKeeper} (heartbeat of exactly what is held, hand-back, reaping), wired by
 * {@link dev.timeos.dispatch.Dispatcher}. What a job becomes is decided in {@code dev.timeos.job}, never here.
 * <p>
 * Configuration (MicroProfile Config): {@code timeos.workers}, {@code timeos.dispatcher.batch-size},
 * {@code timeos.dispatcher.poll-interval}, {@code timeos.lease.duration}, {@code timeos.reaper.interval},
 * {@code timeos.shutdown.grace-period}, {@code timeos.node.id}, and per action
 * {@code timeos.actions.<action>.max-concurrency} and {@code timeos.actions.<action>.rate-limit-per-minute}
 * ({@link dev.timeos.dispatch.ActionLimits}). Rules' rate limits come from a {@link dev.timeos.dispatch.RuleLimits}
 * bean when one is deployed. Every limit is per node.
 * <p>
 * Lifecycle events ({@code dev.timeos.lifecycle}): each is fired both to synchronous observers ({@code @Observes},
 * on the engine's thread, after the state it reports is committed) and to asynchronous ones
 * ({@code @ObservesAsync}). {@code JobStarted} is fired on the worker thread just before the performer runs;
 * {@code JobSucceeded}, {@code JobFailed}, {@code JobDead} after the batch that records them commits;
 * {@code RateLimited} after the batch that writes the deferral's hand-back commits ({@link dev.timeos.dispatch.CommittedNotices}, which fires every event a committed batch reports),
 * never for a hand-back refused because the claim was lost. The hot path stays cheap because an event with no observer
 * costs a cached observer lookup; an observer that throws is logged and ignored, never changing an outcome.
 */
package dev.timeos.dispatch;

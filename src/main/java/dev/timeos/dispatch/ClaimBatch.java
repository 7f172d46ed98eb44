package dev.timeos.dispatch;

/**
 * One claim by the dispatcher: how many jobs it asked for and got. A CDI event for the metrics, not a
 * lifecycle event: it says how the engine works, not what happened to a job.
 */
public record ClaimBatch(int wanted, int claimed) {
}

package dev.timeos.dispatch;

/**
 * The engine started late: the job store was unreachable when the application started, and a retry has now migrated
 * the schema and started the dispatcher. What the application's start could not do meanwhile (loading code and file
 * rules) observes this to do it now.
 */
public record EngineStarted() {
}

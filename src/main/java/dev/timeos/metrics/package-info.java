/**
 * MicroProfile Metrics for the engine ({@code /metrics}, names {@code timeos_*}): counters and timers fed by
 * the lifecycle events, gauges read from the dispatcher at scrape time.
 */
package dev.timeos.metrics;

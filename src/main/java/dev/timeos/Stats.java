package dev.timeos;

import dev.timeos.job.JobStatus;

import java.util.Map;

/** Counts for dashboards: jobs per status, events, rules. */
public record Stats(Map<JobStatus, Long> jobs, long events, long rules) {
}

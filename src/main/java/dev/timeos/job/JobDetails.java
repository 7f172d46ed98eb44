package dev.timeos.job;

import java.util.List;

/** A job with its attempts, oldest first. */
public record JobDetails(Job job, List<Execution> executions) {
}

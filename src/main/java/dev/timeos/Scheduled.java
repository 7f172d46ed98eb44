package dev.timeos;

import dev.timeos.error.InvalidInputException;
import dev.timeos.job.Job;

/** One item of {@link TimeOS#scheduleAll}: the job it created, or why it was refused (then {@code job} is null). */
public record Scheduled(Job job, InvalidInputException error) {

    public boolean accepted() {
        return error == null;
    }
}

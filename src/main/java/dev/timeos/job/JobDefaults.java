package dev.timeos.job;

import java.time.Duration;

/** What a job gets when its request leaves a field out. */
public final class JobDefaults {

    public static final int PRIORITY = 0;
    public static final int MAX_ATTEMPTS = 3;
    /** First retry delay; each further retry doubles it (see {@link Backoff}). */
    public static final Duration BACKOFF = Duration.ofSeconds(30);
    public static final int MAX_ATTEMPTS_LIMIT = 100;
    /** Derby's VARCHAR limit bounds a job's JSON arguments; PostgreSQL would take more, but a job is not a blob store. */
    public static final int MAX_ARGS_CHARS = 32_000;
    public static final int MAX_TARGET_CHARS = 2_000;
    /**
     * Timeouts are kept in milliseconds: a shorter one was stored as 0 and every attempt timed out at once (the job
     * answered with the timeout it was given, then went DEAD).
     */
    public static final Duration SHORTEST_TIMEOUT = Duration.ofMillis(1);
    public static final String SHORTEST_TIMEOUT_REASON = "must be positive, at least 1 millisecond";

    private JobDefaults() {
    }
}

package dev.timeos.job;

/** Where a job is in its life. {@code FAILED} means "failed, a retry is scheduled"; {@code DEAD} means no more retries. */
public enum JobStatus {
    SCHEDULED,
    WAITING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    DEAD,
    CANCELLED;

    /** States a job can still be rescheduled or cancelled from without stopping anything. */
    public boolean isPending() {
        return this == SCHEDULED || this == WAITING || this == FAILED;
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == DEAD || this == CANCELLED;
    }
}

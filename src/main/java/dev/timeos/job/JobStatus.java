package dev.timeos.job;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a job is in its life. {@code FAILED} means "failed, a retry is scheduled"; {@code DEAD} means no more
 * retries. The sets of states that each transition starts from are named here, once, and the repository's SQL is
 * written from them ({@link #sql(Set)}), so a reader finds what "pending" or "claimable" means in one place.
 */
public enum JobStatus {
    SCHEDULED,
    WAITING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    DEAD,
    CANCELLED;

    /** Not started yet, and can be rescheduled or cancelled without stopping anything. */
    public static final Set<JobStatus> PENDING = EnumSet.of(SCHEDULED, WAITING, FAILED);
    /** What a dispatcher may claim once due. */
    public static final Set<JobStatus> CLAIMABLE = EnumSet.of(SCHEDULED, FAILED);
    /** What a cancellation ends (a running job is asked to stop as well). */
    public static final Set<JobStatus> CANCELLABLE = EnumSet.of(SCHEDULED, WAITING, FAILED, RUNNING);
    /** Nothing happens to the job any more, unless an operator retries a dead letter. */
    public static final Set<JobStatus> FINAL = EnumSet.of(SUCCEEDED, DEAD, CANCELLED);

    public boolean isPending() {
        return PENDING.contains(this);
    }

    public boolean isFinal() {
        return FINAL.contains(this);
    }

    /** {@code ('SCHEDULED', 'FAILED')}: a set as an SQL list, for {@code status IN ...}. */
    public static String sql(Set<JobStatus> states) {
        return states.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "(", ")"));
    }
}

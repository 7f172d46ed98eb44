package dev.timeos.job;

import java.util.EnumSet;
import java.util.List;
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
    /**
     * Ended without success, for good: a job may not be made to depend on one (JobService), and the jobs waiting on one
     * are cancelled (the repository's cancel chain, which also takes a skipped run's dependents).
     */
    public static final Set<JobStatus> NEVER_SUCCEEDS = EnumSet.of(DEAD, CANCELLED);
    /** The ended jobs retention may remove. {@code DEAD} is not one: a dead letter waits for an operator. */
    public static final Set<JobStatus> REMOVABLE = EnumSet.of(SUCCEEDED, CANCELLED);

    /** For applications (a job's status is part of the public API), as {@link #PENDING} says. */
    public boolean isPending() {
        return PENDING.contains(this);
    }

    /** For applications, as {@link #FINAL} says. */
    public boolean isFinal() {
        return FINAL.contains(this);
    }

    /** {@code SCHEDULED, WAITING or FAILED}: a set in a sentence. */
    public static String words(Set<JobStatus> states) {
        List<String> names = states.stream().map(Enum::name).toList();
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** {@code ('SCHEDULED', 'FAILED')}: a set as an SQL list, for {@code status IN ...}. */
    public static String sql(Set<JobStatus> states) {
        return states.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "(", ")"));
    }
}

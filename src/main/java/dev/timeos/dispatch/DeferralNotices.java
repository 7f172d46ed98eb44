package dev.timeos.dispatch;

import dev.timeos.job.AttemptEnd;
import dev.timeos.lifecycle.RateLimited;
import dev.timeos.job.Lease;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RateLimited} waits here until the hand-back it reports is committed. Lifecycle events report committed
 * state, and a deferral is only a hand-back in the completion writer's queue until its batch commits: that write may
 * fail and be retried, or find the claim lost (a client cancelled the job, or another node took it back), and then
 * the deferral never happened. Keyed by lease, one claim of one job, so a later claim's notice is never confused with
 * this one's.
 */
final class DeferralNotices {

    private final Map<Lease, RateLimited> waiting = new ConcurrentHashMap<>();

    /** Registers the notice before its hand-back is queued: the writer may commit it at once, on its own thread. */
    void await(Lease lease, RateLimited notice) {
        waiting.put(lease, notice);
    }

    /** The notices of this committed batch whose hand-backs were applied, in the batch's order; the rest are dropped. */
    List<RateLimited> committed(CompletionWriter.Written batch) {
        if (waiting.isEmpty()) {
            return List.of();
        }
        Set<Lease> stale = new HashSet<>(batch.result().stale());
        List<RateLimited> applied = new ArrayList<>();
        for (AttemptEnd e : batch.ends()) {
            RateLimited notice = waiting.remove(e.attempt().lease());
            if (notice != null && !stale.contains(e.attempt().lease())) {
                applied.add(notice);
            }
        }
        return applied;
    }

    /** At stop, after the last flush: whatever is left was never written and never will be by this dispatcher. */
    void clear() {
        waiting.clear();
    }

    /** For tests. */
    int size() {
        return waiting.size();
    }
}

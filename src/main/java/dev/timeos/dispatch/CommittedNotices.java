package dev.timeos.dispatch;

import dev.timeos.job.Attempt;
import dev.timeos.job.AttemptEnd;
import dev.timeos.job.JobRepository;
import dev.timeos.job.Lease;
import dev.timeos.lifecycle.JobDead;
import dev.timeos.lifecycle.JobFailed;
import dev.timeos.lifecycle.JobSucceeded;
import dev.timeos.lifecycle.RateLimited;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The lifecycle events that a committed batch of the completion writer reports, fired only once it is committed:
 * {@code JobSucceeded}, {@code JobFailed} (a retry is due) and {@code JobDead} for the ends the batch applied, and
 * {@code RateLimited} for the deferrals whose hand-backs it applied. A deferral is only a hand-back in the writer's
 * queue until then: the write may fail and be retried, or find the claim lost (a client cancelled the job, or another
 * node took it back), and then the deferral never happened. So its notice waits here, keyed by lease (one claim of
 * one job: a later claim's notice is never confused with this one's), and is dropped when its hand-back is refused.
 * A dispatcher's start makes a new one; what a stopped one still holds (hand-backs whose write never committed) goes with
 * it, and a drain still committing at the stop reports what it committed.
 */
final class CommittedNotices {

    private final Consumer<Object> fire;
    private final Map<Lease, RateLimited> deferrals = new ConcurrentHashMap<>();

    /** @param fire the lifecycle's {@code fire}: an observer's failure is its concern, never the batch's */
    CommittedNotices(Consumer<Object> fire) {
        this.fire = fire;
    }

    /** Registers a deferral's notice before its hand-back is queued: the writer may commit it at once, on its own thread. */
    void deferred(Lease lease, RateLimited notice) {
        deferrals.put(lease, notice);
    }

    /** Fires what this committed batch reports, in the batch's order for deferrals, then successes, retries, deaths. */
    void committed(CompletionWriter.Written batch) {
        JobRepository.Ended result = batch.result();
        if (!deferrals.isEmpty()) {
            Set<Lease> stale = new HashSet<>(result.stale());
            for (AttemptEnd e : batch.ends()) {
                RateLimited notice = deferrals.remove(e.attempt().lease());
                if (notice != null && !stale.contains(e.attempt().lease())) {
                    fire.accept(notice);
                }
            }
        }
        if (result.succeeded().isEmpty() && result.retried().isEmpty() && result.dead().isEmpty()) {
            return;
        }
        Map<String, AttemptEnd> byId = new HashMap<>();
        batch.ends().forEach(e -> byId.put(e.attempt().id(), e));
        for (String id : result.succeeded()) {
            AttemptEnd e = byId.get(id);
            Attempt a = e.attempt();
            fire.accept(new JobSucceeded(id, a.action(), a.ruleId(), a.attempt(),
                    Duration.between(a.startedAt() == null ? e.finishedAt() : a.startedAt(), e.finishedAt())));
        }
        for (String id : result.retried()) {
            AttemptEnd e = byId.get(id);
            Attempt a = e.attempt();
            fire.accept(new JobFailed(id, a.action(), a.ruleId(), a.attempt(), e.error(), e.nextDue()));
        }
        for (String id : result.dead()) {
            AttemptEnd e = byId.get(id);
            Attempt a = e.attempt();
            fire.accept(new JobDead(id, a.action(), a.ruleId(), a.attempt(), e.error()));
        }
    }

    /** For tests: deferrals waiting for their batch. */
    int waiting() {
        return deferrals.size();
    }
}

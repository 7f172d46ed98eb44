package dev.timeos.dispatch;

import dev.timeos.job.Attempt;
import dev.timeos.job.JobRepository;
import dev.timeos.job.Lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The leases of this node: exactly the attempts it holds (claimed, waiting or running, or ended and not yet
 * written), renewed every beat. A held lease the database no longer knows (the job was reaped or cancelled
 * elsewhere) is reported so its attempt stops; a row claimed under this node's name that it does not hold (the
 * answer of a claim was lost, an error came after it) goes back at once. Other nodes' expired leases are taken
 * back by {@link #reap()}, never this node's own: this node knows what it holds.
 */
public final class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class.getName());

    private final Clock clock;
    private final Transactions tx;
    private final JobRepository jobs;
    private final String node;
    private final Duration lease;
    private final Duration beat;
    private final Map<Lease, Attempt> held = new ConcurrentHashMap<>();
    /**
     * This node's writes of its own claimed rows (heartbeats, hand-backs, and the completion writer's batches)
     * take turns: two transactions locking overlapping sets of rows in different orders deadlock (Derby waits
     * out its deadlock timeout before it notices; measured at a fraction of the drain rate).
     */
    private final ReentrantLock ownRows = new ReentrantLock();

    public LeaseKeeper(Clock clock, Transactions tx, JobRepository jobs, String node, Duration lease) {
        this.clock = clock;
        this.tx = tx;
        this.jobs = jobs;
        this.node = node;
        this.lease = lease;
        this.beat = heartbeat(lease);
    }

    /** How often leases are renewed: a fifth of the lease, so four renewals in a row may fail before it expires. */
    public static Duration heartbeat(Duration lease) {
        return lease.dividedBy(5);
    }

    public Duration beat() {
        return beat;
    }

    /** When a lease claimed now runs out. */
    public Instant leaseUntil(Instant now) {
        return now.plus(lease);
    }

    public void hold(List<Attempt> claimed) {
        for (Attempt a : claimed) {
            held.put(a.lease(), a);
        }
    }

    public void release(Lease l) {
        held.remove(l);
    }

    public boolean holds(Lease l) {
        return held.containsKey(l);
    }

    public int size() {
        return held.size();
    }

    /**
     * One heartbeat: renews what this node holds, answers the leases that no longer hold (their attempts are to
     * stop), and hands back rows claimed under this node's name that it does not hold.
     */
    public void beat(Consumer<Lease> lost) {
        Instant now = clock.instant();
        Set<Lease> snapshot = Set.copyOf(held.keySet());
        ownRows.lock();
        try {
            Set<Lease> gone = tx.run(c -> jobs.renew(c, snapshot, now.plus(lease)));
            for (Lease l : gone) {
                // Ended and written since the snapshot: not lost, just finished.
                if (held.containsKey(l)) {
                    LOG.warning(() -> "TimeOS: this node's claim " + l + " is no longer valid (the job was cancelled or "
                            + "taken back); its attempt stops and its result will not be applied");
                    lost.accept(l);
                }
            }
            // Rows renewed just now, or claimed within the last beat, are newer than this: never handed back.
            Instant notRenewedSince = now.plus(lease).minus(beat);
            Set<Lease> stillHeld = Set.copyOf(held.keySet());
            List<String> back = tx.run(c -> jobs.handBackUnheld(c, node, stillHeld, notRenewedSince, now));
            if (!back.isEmpty()) {
                LOG.warning(() -> "TimeOS: handed back " + back.size() + " job(s) claimed by " + node
                        + " that it does not hold: " + back);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TimeOS: lease renewal failed; retrying at the next beat", e);
        } finally {
            ownRows.unlock();
        }
    }

    /** Runs a write of this node's own claimed rows, never at the same time as a heartbeat (see {@link #ownRows}). */
    public <T> T writingOwnRows(java.util.function.Supplier<T> write) {
        ownRows.lock();
        try {
            return write.get();
        } finally {
            ownRows.unlock();
        }
    }

    /** Takes back the jobs of other nodes whose leases expired. @return their ids */
    public List<String> reap() {
        Instant now = clock.instant();
        List<String> ids = tx.run(c -> jobs.reapExpired(c, node, now));
        if (!ids.isEmpty()) {
            LOG.warning(() -> "TimeOS: " + ids.size() + " job(s) whose node stopped renewing its lease will run again: " + ids);
        }
        return ids;
    }

    /** At start: what this node's previous run left RUNNING runs again. @return their ids */
    public List<String> recover() {
        List<String> ids = tx.run(c -> jobs.recoverNode(c, node, clock.instant()));
        if (!ids.isEmpty()) {
            LOG.warning(() -> "TimeOS: " + ids.size() + " job(s) left running by the previous run of " + node
                    + " will run again: " + ids);
        }
        return ids;
    }
}

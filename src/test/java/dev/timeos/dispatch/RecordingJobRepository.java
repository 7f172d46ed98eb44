package dev.timeos.dispatch;

import dev.timeos.job.Attempt;
import dev.timeos.job.AttemptEnd;
import dev.timeos.job.JobRepository;
import dev.timeos.job.JobStatus;
import dev.timeos.job.Lease;
import dev.timeos.job.NewJob;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A repository for the dispatcher's unit tests: it records what the parts write and answers what the test says;
 * the SQL itself is tested on both databases in JdbcJobRepositoryTest.
 */
class RecordingJobRepository implements JobRepository {

    final List<List<Attempt>> marked = new ArrayList<>();
    final List<List<AttemptEnd>> ended = new ArrayList<>();
    final List<Collection<Lease>> renewed = new ArrayList<>();
    final List<Set<Lease>> heldAtHandBack = new ArrayList<>();
    /** Leases the database no longer knows (superseded): renew answers them. */
    final Set<Lease> superseded = new HashSet<>();
    /** Make the next n writes of ends fail (the database is down). */
    int failEnds;
    /** Claims lost meanwhile (a client cancelled the job, another node took it back): end answers them as STALE. */
    final Set<Lease> lostClaims = new HashSet<>();

    static final Transactions TX = new Transactions() {
        @Override
        public <T> T run(Work<T> work) {
            try {
                return work.apply(null);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    @Override
    public void markStarted(Connection c, Collection<Attempt> started) {
        marked.add(List.copyOf(started));
    }

    @Override
    public Ended end(Connection c, List<AttemptEnd> ends, Instant now) {
        if (failEnds > 0) {
            failEnds--;
            throw new IllegalStateException("database down");
        }
        ended.add(List.copyOf(ends));
        List<AttemptEnd> applied = ends.stream().filter(e -> !lostClaims.contains(e.attempt().lease())).toList();
        List<String> ok = applied.stream().filter(e -> e.next() == JobStatus.SUCCEEDED).map(e -> e.attempt().id()).toList();
        List<Lease> stale = ends.stream().map(e -> e.attempt().lease()).filter(lostClaims::contains).toList();
        return new Ended(ok, List.of(), List.of(), new ArrayList<>(stale), null);
    }

    @Override
    public Set<Lease> renew(Connection c, Collection<Lease> held, Instant leaseUntil) {
        renewed.add(List.copyOf(held));
        Set<Lease> lost = new HashSet<>(held);
        lost.retainAll(superseded);
        return lost;
    }

    @Override
    public List<String> handBackUnheld(Connection c, String node, Set<Lease> held, Instant claimedBefore, Instant now) {
        heldAtHandBack.add(Set.copyOf(held));
        return List.of();
    }

    // ---- not used by the parts under test

    @Override
    public void insert(Connection c, List<NewJob> jobs) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean insertOccurrence(Connection c, NewJob job) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, JobStatus> lockAll(Connection c, Collection<String> ids) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Attempt> claim(Connection c, String node, Instant now, Instant dueBy, int limit, Instant leaseUntil,
                               Set<String> skipped) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Instant> nextDue(Connection c, Set<String> skippedActions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long countDue(Connection c, Instant now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<String> reapExpired(Connection c, String exceptNode, Instant now) {
        return List.of();
    }

    @Override
    public List<String> recoverNode(Connection c, String node, Instant now) {
        return List.of();
    }

    @Override
    public Optional<String> runningPreviousOccurrence(Connection c, String ruleId, Instant occurrenceAt) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Change reschedule(Connection c, String id, Instant at, Instant now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Cancelled cancel(Connection c, Collection<String> ids, Set<JobStatus> from, String reason, Instant now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Cancelled cancelPendingOfRule(Connection c, String ruleId, String reason, Instant now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Change retryDead(Connection c, String id, Instant now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Change deleteDead(Connection c, String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<JobStatus> status(Connection c, String id) {
        throw new UnsupportedOperationException();
    }
}

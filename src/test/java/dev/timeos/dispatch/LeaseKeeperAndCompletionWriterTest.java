package dev.timeos.dispatch;

import dev.timeos.job.Attempt;
import dev.timeos.job.Lease;
import dev.timeos.lifecycle.JobSucceeded;
import dev.timeos.lifecycle.RateLimited;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The lease keeper and the completion writer, with a manual timer, a test clock and a recording repository. */
class LeaseKeeperAndCompletionWriterTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(10);
    private final MutableClock clock = new MutableClock(T0);
    private final ManualTimer timer = new ManualTimer(clock);
    private final RecordingJobRepository repo = new RecordingJobRepository();
    private final LeaseKeeper leases = new LeaseKeeper(clock, RecordingJobRepository.TX, repo, "node-a", LEASE);
    private final List<CompletionWriter.Written> written = new ArrayList<>();
    /** What the dispatcher fires after each committed batch. */
    private final List<Object> fired = new ArrayList<>();
    private final CommittedNotices notices = new CommittedNotices(fired::add);
    private final CompletionWriter writer = new CompletionWriter(clock, RecordingJobRepository.TX, repo, timer, leases,
            w -> {
                written.add(w);
                notices.committed(w);
            });

    private static Attempt attempt(String id, long version) {
        return new Attempt(id, null, null, "noop", null, "{}", T0, 0, 1, 3, Duration.ofSeconds(1), null, null, "node-a",
                version, null);
    }

    @Test
    void theDefaultLeaseIsRenewedFourTimesBeforeItCouldExpire() {
        assertThat(LeaseKeeper.heartbeat(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(2));
        assertThat(leases.leaseUntil(T0)).isEqualTo(T0.plus(LEASE));
    }

    @Test
    void aHeartbeatRenewsExactlyTheHeldLeasesAndReportsTheOnesNoLongerValid() {
        Attempt a = attempt("a", 1);
        Attempt b = attempt("b", 7);
        leases.hold(List.of(a, b));
        repo.superseded.add(b.lease());
        List<Lease> lost = new ArrayList<>();

        leases.beat(lost::add);
        assertThat(repo.renewed.get(0)).containsExactlyInAnyOrder(a.lease(), b.lease());
        assertThat(lost).containsExactly(b.lease());
        // The hand-back of unheld rows knows what this node holds, by (job, claim): a job's other claim is not it.
        assertThat(repo.heldAtHandBack.get(0)).contains(a.lease()).doesNotContain(new Lease("a", 2));
    }

    @Test
    void anEndedAttemptStaysHeldUntilItsEndIsWrittenAndThenIsNoLongerRenewed() {
        Attempt a = attempt("a", 1).startedAt(T0);
        leases.hold(List.of(a));
        writer.started(a);
        writer.ended(a.succeeded(T0.plusMillis(5)));
        // Buffered, not written: the job has not finished, its lease must not lapse.
        assertThat(leases.holds(a.lease())).isTrue();
        assertThat(writer.isPending("a")).isTrue();

        timer.runDue();
        assertThat(repo.ended).hasSize(1);
        // Started and ended in one batch: no start mark needed.
        assertThat(repo.marked).isEmpty();
        assertThat(leases.holds(a.lease())).isFalse();
        assertThat(writer.isPending("a")).isFalse();
        leases.beat(l -> { });
        assertThat(repo.renewed.get(0)).isEmpty();
    }

    @Test
    void startsAndEndsAreWrittenInOneBatchPerDrain() {
        for (int i = 0; i < 50; i++) {
            Attempt a = attempt("j" + i, 1).startedAt(T0);
            leases.hold(List.of(a));
            writer.started(a);
            if (i % 2 == 0) {
                writer.ended(a.succeeded(T0.plusMillis(1)));
            }
        }
        timer.runDue();
        assertThat(repo.ended).hasSize(1);
        assertThat(repo.ended.get(0)).hasSize(25);
        assertThat(repo.marked.get(0)).hasSize(25);
        assertThat(written).hasSize(1);
        assertThat(leases.size()).isEqualTo(25);
    }

    @Test
    void aFailedWriteKeepsEverythingAndRetriesLater() {
        Attempt a = attempt("a", 1).startedAt(T0);
        leases.hold(List.of(a));
        repo.failEnds = 1;
        writer.ended(a.succeeded(T0));
        timer.runDue();
        assertThat(repo.ended).isEmpty();
        assertThat(writer.buffered()).isEqualTo(1);
        assertThat(leases.holds(a.lease())).as("renewed while it waits to be written").isTrue();

        clock.advance(Waiter.RETRY_AFTER_ERROR);
        timer.runDue();
        assertThat(repo.ended).hasSize(1);
        assertThat(leases.holds(a.lease())).isFalse();
    }

    @Test
    void theRetryDecisionIsTheAttemptsOwnNotTheWriters() {
        Attempt last = new Attempt("x", null, null, "noop", null, "{}", T0, 0, 3, 3, Duration.ofSeconds(1), null, null,
                "node-a", 4, T0);
        assertThat(last.failed("boom", false, T0).next()).isEqualTo(dev.timeos.job.JobStatus.DEAD);
        assertThat(attempt("y", 1).failed("boom", false, T0).nextDue()).isEqualTo(T0.plusSeconds(1));
        assertThat(attempt("y", 1).notStarted(T0.plusSeconds(9), T0).uncounted()).isTrue();
        assertThat(attempt("y", 1).notStarted(T0.plusSeconds(9), T0).outcome()).as("nothing ran: no execution row").isNull();
    }

    @Test
    void aLoneStartIsMarkedAfterAShortDelayAndAShortJobCostsNoWriteOfItsOwnForItsStart() {
        Attempt slow = attempt("slow", 1).startedAt(T0);
        leases.hold(List.of(slow));
        writer.started(slow);
        timer.runDue();
        assertThat(repo.marked).as("not at once: an end may come to ride with").isEmpty();
        clock.advance(CompletionWriter.START_MARK_DELAY);
        timer.runDue();
        assertThat(repo.marked).hasSize(1);
        assertThat(repo.marked.get(0)).containsExactly(slow);

        Attempt quick = attempt("quick", 1).startedAt(T0);
        leases.hold(List.of(quick));
        writer.started(quick);
        writer.ended(quick.succeeded(T0.plusMillis(1)));
        timer.runDue();
        assertThat(repo.ended).hasSize(1);
        assertThat(repo.marked).as("started and ended in one batch: no mark").hasSize(1);
    }

    private static RateLimited limited(Attempt a, Instant until) {
        return new RateLimited(a.id(), a.action(), a.ruleId(), "action", 60, until);
    }

    @Test
    void aDeferralIsReportedOnlyOnceItsHandBackIsCommitted() {
        Attempt a = attempt("a", 1);
        leases.hold(List.of(a));
        Instant until = T0.plusSeconds(1);
        notices.deferred(a.lease(), limited(a, until));
        repo.failEnds = 1;
        writer.endedAll(List.of(a.notStarted(until, T0)));
        timer.runDue();
        assertThat(repo.ended).isEmpty();
        assertThat(fired).as("the hand-back failed to commit: nothing was deferred yet").isEmpty();

        clock.advance(Waiter.RETRY_AFTER_ERROR);
        timer.runDue();
        assertThat(repo.ended).hasSize(1);
        assertThat(fired).containsExactly(limited(a, until));
        assertThat(notices.waiting()).isZero();
    }

    @Test
    void aCommittedBatchReportsItsSuccessesAndNothingBeforeItCommits() {
        Attempt a = attempt("a", 1).startedAt(T0);
        leases.hold(List.of(a));
        repo.failEnds = 1;
        writer.ended(a.succeeded(T0.plusMillis(7)));
        timer.runDue();
        assertThat(fired).isEmpty();
        clock.advance(Waiter.RETRY_AFTER_ERROR);
        timer.runDue();
        assertThat(fired).containsExactly(new JobSucceeded("a", "noop", null, 1, java.time.Duration.ofMillis(7)));
    }

    @Test
    void aDeferralWhoseClaimWasLostMeanwhileIsNeverReported() {
        Attempt kept = attempt("kept", 1);
        Attempt lost = attempt("lost", 3);
        leases.hold(List.of(kept, lost));
        Instant until = T0.plusSeconds(1);
        notices.deferred(kept.lease(), limited(kept, until));
        notices.deferred(lost.lease(), limited(lost, until));
        // A client cancelled "lost" after the claim: its hand-back is refused (STALE), so it was never deferred.
        repo.lostClaims.add(lost.lease());
        writer.endedAll(List.of(kept.notStarted(until, T0), lost.notStarted(until, T0)));
        timer.runDue();
        assertThat(fired).containsExactly(limited(kept, until));
        assertThat(notices.waiting()).as("a refused hand-back's notice is dropped, not kept forever").isZero();
    }
}

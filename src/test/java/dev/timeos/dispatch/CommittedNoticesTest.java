package dev.timeos.dispatch;

import dev.timeos.job.Attempt;
import dev.timeos.job.AttemptEnd;
import dev.timeos.job.JobRepository;
import dev.timeos.lifecycle.JobDead;
import dev.timeos.lifecycle.JobFailed;
import dev.timeos.lifecycle.RateLimited;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a committed batch reports, from the repository's answer: what it applied, never what it refused. */
class CommittedNoticesTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private final List<Object> fired = new ArrayList<>();
    private final CommittedNotices notices = new CommittedNotices(fired::add);

    private static Attempt attempt(String id, int number, int max) {
        return new Attempt(id, "rule-1", null, "noop", null, "{}", T0, 0, number, max, Duration.ofSeconds(1), null, null,
                "node-a", 1, T0);
    }

    @Test
    void aRetryAndADeathAreReportedAsTheRepositoryAppliedThem() {
        AttemptEnd retry = attempt("r", 1, 3).failed("boom", false, T0.plusMillis(5));
        AttemptEnd death = attempt("d", 3, 3).failed("boom again", false, T0.plusMillis(5));
        AttemptEnd refused = attempt("x", 1, 3).failed("late", false, T0.plusMillis(5));
        notices.committed(new CompletionWriter.Written(List.of(retry, death, refused), new JobRepository.Ended(List.of(),
                List.of("r"), List.of("d"), List.of(refused.attempt().lease()), null)));
        assertThat(fired).containsExactly(
                new JobFailed("r", "noop", "rule-1", 1, "boom", retry.nextDue()),
                new JobDead("d", "noop", "rule-1", 3, "boom again"));
    }

    @Test
    void aDeferralIsReportedWithItsBatchOnlyIfItsHandBackWasApplied() {
        Attempt kept = attempt("kept", 1, 3);
        Attempt lost = attempt("lost", 1, 3);
        RateLimited keptNotice = new RateLimited("kept", "noop", "rule-1", "rule", 60, T0.plusSeconds(1));
        notices.deferred(kept.lease(), keptNotice);
        notices.deferred(lost.lease(), new RateLimited("lost", "noop", "rule-1", "rule", 60, T0.plusSeconds(1)));
        notices.committed(new CompletionWriter.Written(List.of(kept.notStarted(T0.plusSeconds(1), T0),
                lost.notStarted(T0.plusSeconds(1), T0)), new JobRepository.Ended(List.of(), List.of(), List.of(),
                List.of(lost.lease()), T0.plusSeconds(1))));
        assertThat(fired).containsExactly(keptNotice);
        assertThat(notices.waiting()).isZero();
    }
}

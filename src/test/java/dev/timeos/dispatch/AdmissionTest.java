package dev.timeos.dispatch;

import dev.timeos.job.Attempt;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Admission: per-action concurrency and rate limits, per-rule rate limits, with a test clock. */
class AdmissionTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final Map<String, Integer> running = new HashMap<>();

    private final ActionLimits limits = new ActionLimits() {
        @Override
        public OptionalInt maxConcurrency(String action) {
            return action.equals("narrow") ? OptionalInt.of(2) : OptionalInt.empty();
        }

        @Override
        public OptionalInt rateLimitPerMinute(String action) {
            return action.equals("limited") ? OptionalInt.of(3) : OptionalInt.empty();
        }
    };
    private final RuleLimits rules = ruleId -> ruleId.equals("r") ? OptionalInt.of(2) : OptionalInt.empty();
    private final Admission admission = new Admission(clock, limits, rules, a -> running.getOrDefault(a, 0));

    private static Attempt attempt(String action, String ruleId) {
        return new Attempt("j", ruleId, null, action, null, "{}", T0, 0, 1, 3, Duration.ofSeconds(1), null, null, "n", 1, null);
    }

    @Test
    void anActionAtItsConcurrencyLimitIsLeftOutOfTheClaimAndAnExtraOneKeepsItsDueTime() {
        running.put("narrow", 2);
        assertThat(admission.actionsAtLimit(T0, Set.of("narrow", "noop"))).containsExactly("narrow");
        assertThat(admission.saturated()).isTrue();
        Admission.Verdict v = admission.admit(attempt("narrow", null));
        assertThat(v.starts()).isFalse();
        assertThat(v.until()).isEqualTo(T0);
        assertThat(v.rateLimited()).isNull();
        running.put("narrow", 1);
        assertThat(admission.actionsAtLimit(T0, Set.of("narrow"))).isEmpty();
        assertThat(admission.admit(attempt("narrow", null)).starts()).isTrue();
    }

    @Test
    void anActionRateLimitDefersTheFourthStartToWhenTheFirstLeavesTheMinute() {
        for (int i = 0; i < 3; i++) {
            assertThat(admission.admit(attempt("limited", null)).starts()).isTrue();
            clock.advance(Duration.ofSeconds(1));
        }
        Admission.Verdict fourth = admission.admit(attempt("limited", null));
        assertThat(fourth.starts()).isFalse();
        assertThat(fourth.until()).isEqualTo(T0.plusSeconds(60));
        assertThat(fourth.rateLimited().limitedBy()).isEqualTo("action");
        assertThat(fourth.rateLimited().limitPerMinute()).isEqualTo(3);
        // Until then the action is left out of claims, and the dispatcher wakes when the slot frees.
        assertThat(admission.actionsAtLimit(clock.instant(), Set.of())).containsExactly("limited");
        assertThat(admission.soonestRateSlot()).isEqualTo(T0.plusSeconds(60));
        clock.advance(Duration.ofSeconds(57));
        assertThat(admission.actionsAtLimit(clock.instant(), Set.of())).isEmpty();
        assertThat(admission.admit(attempt("limited", null)).starts()).isTrue();
    }

    @Test
    void aRuleRateLimitAppliesToItsJobsOnly() {
        assertThat(admission.admit(attempt("noop", "r")).starts()).isTrue();
        assertThat(admission.admit(attempt("noop", "r")).starts()).isTrue();
        Admission.Verdict third = admission.admit(attempt("noop", "r"));
        assertThat(third.starts()).isFalse();
        assertThat(third.rateLimited().limitedBy()).isEqualTo("rule");
        assertThat(third.rateLimited().limitPerMinute()).isEqualTo(2);
        assertThat(admission.admit(attempt("noop", "other")).starts()).isTrue();
        assertThat(admission.admit(attempt("noop", null)).starts()).isTrue();
    }
}

package dev.timeos.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RuleDecisionTest {

    @Test
    void aRateLimitedDecisionSaysTheLimitFirstAndKeepsWhyTheRuleMatched() {
        Instant deferredTo = Instant.now();
        RuleDecision d = RuleDecision.stored("r1", true, "condition true: payload.amount > 1000", "j1",
                new RuleDecision.RateLimit("action", 60, deferredTo));
        assertThat(d.reason()).isEqualTo("rate_limited: the action's limit of 60 per minute deferred the job to " + deferredTo
                + "; condition true: payload.amount > 1000");
        assertThat(d.matched()).isTrue();
        assertThat(d.jobId()).isEqualTo("j1");
        assertThat(d.rateLimited().limitPerMinute()).isEqualTo(60);
    }

    @Test
    void aDecisionNoLimitTouchedKeepsItsReason() {
        RuleDecision d = RuleDecision.stored("r1", false, "condition false: payload.vip", null, null);
        assertThat(d.reason()).isEqualTo("condition false: payload.vip");
        assertThat(d.rateLimited()).isNull();
        assertThat(new RuleDecision("r1", false, "disabled", null)).isEqualTo(new RuleDecision("r1", false, "disabled", null, null));
    }

    @Test
    void aLongReasonIsCutToTheColumnWithTheLimitStillInFront() {
        RuleDecision d = RuleDecision.stored("r1", true, "condition true: " + "x".repeat(3000), "j1",
                new RuleDecision.RateLimit("rule", 1, Instant.now()));
        assertThat(d.reason()).hasSize(RuleDecision.MAX_REASON).startsWith("rate_limited: the rule's limit of 1 per minute");
    }
}

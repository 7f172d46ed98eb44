package dev.timeos.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class StallTest {

    private final Instant now = Instant.parse("2030-01-01T00:00:00Z");
    private final Stall stall = new Stall(Duration.ofSeconds(60));

    @Test
    void beforeTheFirstTickTheDispatcherHasNotStarted() {
        assertThat(stall.judge(now, null, Optional.of(now.minusSeconds(3600)))).isEqualTo(Stall.Verdict.NOT_STARTED);
    }

    @Test
    void aRecentTickIsTickingWhateverIsDue() {
        assertThat(stall.judge(now, now.minusSeconds(60), Optional.of(now.minusSeconds(3600))))
                .isEqualTo(Stall.Verdict.TICKING);
    }

    @Test
    void noTickForLongWithNothingDueIsIdleNotStuck() {
        assertThat(stall.judge(now, now.minusSeconds(600), Optional.empty())).isEqualTo(Stall.Verdict.IDLE);
        assertThat(stall.judge(now, now.minusSeconds(600), Optional.of(now.plusSeconds(10)))).isEqualTo(Stall.Verdict.IDLE);
    }

    @Test
    void aJobDueOnlyJustNowIsNotYetAStall() {
        assertThat(stall.judge(now, now.minusSeconds(600), Optional.of(now.minusSeconds(30)))).isEqualTo(Stall.Verdict.IDLE);
    }

    @Test
    void noTickForLongerThanTheBoundWhileAJobIsOverdueIsStuck() {
        assertThat(stall.judge(now, now.minusSeconds(61), Optional.of(now.minusSeconds(61)))).isEqualTo(Stall.Verdict.STUCK);
    }
}

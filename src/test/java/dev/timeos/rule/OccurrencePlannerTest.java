package dev.timeos.rule;

import dev.timeos.schedule.CronSchedule;
import dev.timeos.schedule.IntervalSchedule;
import dev.timeos.schedule.MisfirePolicy;
import dev.timeos.schedule.OnceSchedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which occurrences the planner stores as jobs, with time passed in. */
class OccurrencePlannerTest {

    private static final Instant CREATED = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration LOOKAHEAD = Duration.ofSeconds(10);
    private static final Duration THRESHOLD = Duration.ofSeconds(60);
    private static final IntervalSchedule EVERY_10_MIN =
            IntervalSchedule.of(Duration.ofMinutes(10), Duration.ZERO, IntervalSchedule.Mode.FIXED_RATE, CREATED);

    private static List<Instant> plan(dev.timeos.schedule.Schedule s, Instant last, Instant now, MisfirePolicy p) {
        return OccurrencePlanner.occurrences(s, CREATED, last, now, LOOKAHEAD, THRESHOLD, p);
    }

    @Test
    void aNewIntervalRuleRunsAtItsCreationAndPlansOnlyWithinTheLookahead() {
        assertThat(plan(EVERY_10_MIN, null, CREATED.plusMillis(3), MisfirePolicy.FIRE_ONCE)).containsExactly(CREATED);
        IntervalSchedule everySecond = IntervalSchedule.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
                IntervalSchedule.Mode.FIXED_RATE, CREATED);
        assertThat(plan(everySecond, null, CREATED, MisfirePolicy.FIRE_ONCE)).hasSize(9)
                .startsWith(CREATED.plusSeconds(2)).endsWith(CREATED.plusSeconds(10));
    }

    @Test
    void nothingIsPlannedTwice() {
        assertThat(plan(EVERY_10_MIN, CREATED, CREATED.plusSeconds(5), MisfirePolicy.FIRE_ONCE)).isEmpty();
        assertThat(plan(EVERY_10_MIN, CREATED, CREATED.plus(Duration.ofMinutes(10)).minusSeconds(10), MisfirePolicy.FIRE_ONCE))
                .containsExactly(CREATED.plus(Duration.ofMinutes(10)));
    }

    @Test
    void missedOccurrencesFollowTheMisfirePolicyAndTheOneDueNowRuns() {
        Instant now = CREATED.plus(Duration.ofHours(1)).plusSeconds(15);
        List<Instant> missed = List.of(10, 20, 30, 40, 50).stream().map(m -> CREATED.plus(Duration.ofMinutes(m))).toList();
        Instant dueNow = CREATED.plus(Duration.ofMinutes(60));

        assertThat(plan(EVERY_10_MIN, CREATED, now, MisfirePolicy.FIRE_ALL))
                .containsExactly(missed.get(0), missed.get(1), missed.get(2), missed.get(3), missed.get(4), dueNow);
        assertThat(plan(EVERY_10_MIN, CREATED, now, MisfirePolicy.FIRE_ONCE)).containsExactly(missed.get(4), dueNow);
        assertThat(plan(EVERY_10_MIN, CREATED, now, MisfirePolicy.SKIP)).containsExactly(dueNow);
    }

    @Test
    void anOccurrenceLessThanTheThresholdLateIsNotAMisfire() {
        Instant tenMinutes = CREATED.plus(Duration.ofMinutes(10));
        assertThat(plan(EVERY_10_MIN, CREATED, tenMinutes.plusSeconds(59), MisfirePolicy.SKIP)).containsExactly(tenMinutes);
        assertThat(plan(EVERY_10_MIN, CREATED, tenMinutes.plusSeconds(61), MisfirePolicy.SKIP)).isEmpty();
    }

    @Test
    void aCronRuleInATimeZonePlansItsNextLocalTime() {
        CronSchedule nineInNewYork = CronSchedule.parse("0 9 * * *", ZoneId.of("America/New_York"));
        Instant now = Instant.parse("2026-11-24T13:59:55Z");
        assertThat(plan(nineInNewYork, Instant.parse("2026-11-23T14:00:00Z"), now, MisfirePolicy.FIRE_ONCE))
                .containsExactly(Instant.parse("2026-11-24T14:00:00Z"));
    }

    @Test
    void aOneTimeRuleRunsOnceAndAMissedOneFollowsItsPolicy() {
        OnceSchedule at = new OnceSchedule(CREATED.plusSeconds(5));
        assertThat(plan(at, null, CREATED, MisfirePolicy.FIRE_ONCE)).containsExactly(CREATED.plusSeconds(5));
        assertThat(plan(at, CREATED.plusSeconds(5), CREATED.plusSeconds(6), MisfirePolicy.FIRE_ONCE)).isEmpty();
        assertThat(plan(at, null, CREATED.plus(Duration.ofHours(2)), MisfirePolicy.FIRE_ONCE)).containsExactly(CREATED.plusSeconds(5));
        assertThat(plan(at, null, CREATED.plus(Duration.ofHours(2)), MisfirePolicy.SKIP)).isEmpty();
    }

    @Test
    void skippedMisfiresAreNamedWithTheRuleBecauseNoJobCanSayIt() {
        Instant created = Instant.now();
        IntervalSchedule every10 = IntervalSchedule.of(Duration.ofMinutes(10), Duration.ZERO, IntervalSchedule.Mode.FIXED_RATE,
                created);
        Instant lateLimit = created.plus(Duration.ofMinutes(55));
        assertThat(OccurrencePlanner.misfireNote("r1", MisfirePolicy.SKIP, every10, created, lateLimit))
                .isEqualTo("TimeOS: rule r1 missed its occurrences from " + created.plus(Duration.ofMinutes(10)) + " to "
                        + lateLimit + " (no node planned them in time); misfire policy skip: none of them runs");
        assertThat(OccurrencePlanner.misfireNote("r1", MisfirePolicy.FIRE_ONCE, every10, created, lateLimit))
                .endsWith("misfire policy fire-once: only the latest runs, now");
        // fire-all runs them all; nothing missed; never planned yet: nothing to say.
        assertThat(OccurrencePlanner.misfireNote("r1", MisfirePolicy.FIRE_ALL, every10, created, lateLimit)).isNull();
        assertThat(OccurrencePlanner.misfireNote("r1", MisfirePolicy.SKIP, every10, created, created.plus(Duration.ofMinutes(9))))
                .isNull();
        assertThat(OccurrencePlanner.misfireNote("r1", MisfirePolicy.SKIP, every10, null, lateLimit)).isNull();
    }
}

package dev.timeos.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-checks the field-by-field search against a deliberately naive oracle that walks every minute,
 * around each 2026 DST change of the test zones. The oracle applies the documented rules directly:
 * <ul>
 *   <li>wildcard: every real minute (walked in UTC) whose local time matches;</li>
 *   <li>fixed-time: every matching local minute (walked on the wall clock); a time in a gap becomes the
 *       first valid local minute after it, a time in an overlap the earlier of its two instants.</li>
 * </ul>
 * It shares only the matching of one local time with the engine, not the search or the DST mapping.
 */
class CronBruteForceTest {

    private static final List<String> EXPRESSIONS = List.of(
            "* * * * *", "*/15 * * * *", "*/7 * * * *", "0 * * * *", "30 * * * *", "45 * * * *", "* 1 * * *",
            "* 2 * * *", "*/10 1-3 * * *", "0 */2 * * *",
            "0 2 * * *", "30 2 * * *", "15 2 * * *", "0 1 * * *", "30 1 * * *", "45 1 * * *", "59 1 * * *",
            "0 3 * * *", "0 2,3 * * *", "0,30 1-3 * * *", "0-59/20 0-4 * * *", "5 0-23 * * *", "0 9 * * *",
            "0 0 * * *", "30 2 * * 0", "0 1 * * SUN");

    record Window(String zone, String day) {
    }

    private static final List<Window> WINDOWS = List.of(
            new Window("America/New_York", "2026-03-08"), new Window("America/New_York", "2026-11-01"),
            new Window("Europe/London", "2026-03-29"), new Window("Europe/London", "2026-10-25"),
            new Window("Australia/Lord_Howe", "2026-04-05"), new Window("Australia/Lord_Howe", "2026-10-04"),
            new Window("Asia/Kolkata", "2026-03-08"), new Window("UTC", "2026-03-08"));

    static Stream<Arguments> cases() {
        return WINDOWS.stream().flatMap(w -> EXPRESSIONS.stream().map(e -> Arguments.of(e, w.zone(), w.day())));
    }

    @ParameterizedTest(name = "''{0}'' {1} {2}")
    @MethodSource("cases")
    void engineAgreesWithMinuteByMinuteOracle(String expression, String zoneId, String day) {
        ZoneId zone = ZoneId.of(zoneId);
        CronSchedule schedule = CronSchedule.parse(expression, zone);
        CronExpression cron = CronParser.parse(expression);
        LocalDate date = LocalDate.parse(day);
        // Oracle window: local day before to local day after (3 days); compare strictly inside it.
        Instant from = date.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(14 * 3600);
        Instant to = date.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(14 * 3600);

        TreeSet<Instant> expected = new TreeSet<>();
        if (schedule.isWildcardTime()) {
            for (Instant i = from; i.isBefore(to); i = i.plusSeconds(60)) {
                if (cron.matches(LocalDateTime.ofInstant(i, zone))) {
                    expected.add(i);
                }
            }
        } else {
            LocalDateTime start = LocalDateTime.ofInstant(from, zone).minusHours(3);
            LocalDateTime end = LocalDateTime.ofInstant(to, zone).plusHours(3);
            for (LocalDateTime l = start; l.isBefore(end); l = l.plusMinutes(1)) {
                if (!cron.matches(l)) {
                    continue;
                }
                List<ZoneOffset> offsets = zone.getRules().getValidOffsets(l);
                LocalDateTime valid = l;
                while (offsets.isEmpty()) { // in a gap: walk to the first local minute that exists
                    valid = valid.plusMinutes(1);
                    offsets = zone.getRules().getValidOffsets(valid);
                }
                Instant earliest = null;
                for (ZoneOffset o : offsets) {
                    Instant candidate = valid.toInstant(o);
                    if (earliest == null || candidate.isBefore(earliest)) {
                        earliest = candidate;
                    }
                }
                if (!earliest.isBefore(from) && earliest.isBefore(to)) {
                    expected.add(earliest);
                }
            }
        }

        List<Instant> actual = new ArrayList<>();
        Optional<Instant> next = schedule.nextAfter(from.minusNanos(1));
        while (next.isPresent() && next.get().isBefore(to)) {
            actual.add(next.get());
            next = schedule.nextAfter(next.get());
        }
        assertThat(actual).containsExactlyElementsOf(expected);
    }
}

package dev.timeos.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the hand-written cases of {@code cron-cases.csv}: each line gives an expression, a zone, an
 * "after" instant and the expected next fire times, written literally (never computed).
 */
class CronCasesTest {

    record Case(int line, String expression, ZoneId zone, Instant after, List<String> expected) {
        @Override
        public String toString() {
            return "line " + line + ": '" + expression + "' " + zone + " after " + after;
        }
    }

    static Stream<Arguments> cases() throws IOException {
        return load().stream().map(c -> Arguments.of(c));
    }

    static List<Case> load() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = CronCasesTest.class.getResourceAsStream("/cron-cases.csv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\\|");
                if (cols.length != 4) {
                    throw new IllegalStateException("cron-cases.csv line " + number + ": expected 4 columns");
                }
                String expected = cols[3].trim();
                cases.add(new Case(number, cols[0].trim(), ZoneId.of(cols[1].trim()),
                        OffsetDateTime.parse(cols[2].trim()).toInstant(),
                        expected.equals("none") ? List.of() : Arrays.asList(expected.split("\\s+"))));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void nextFireTimes(Case c) {
        CronSchedule schedule = CronSchedule.parse(c.expression(), c.zone());
        if (c.expected().isEmpty()) {
            assertThat(schedule.nextAfter(c.after())).as(c.toString()).isEmpty();
            return;
        }
        List<String> expected = c.expected().stream().map(s -> normalize(s, c)).toList();
        List<String> actual = schedule.next(c.after(), expected.size()).stream()
                .map(i -> format(i, c.zone())).toList();
        assertThat(actual).as(c.toString()).containsExactlyElementsOf(expected);
    }

    /** At least 200 hand-written cases, as promised in the brief of this package. */
    @Test
    void thereAreAtLeast200Cases() throws IOException {
        assertThat(load()).hasSizeGreaterThanOrEqualTo(200);
    }

    /**
     * Parses an expected value and checks that the offset written in the file is the zone's real
     * offset at that instant (guards against typos such as writing -05:00 on a summer day).
     */
    private static String normalize(String written, Case c) {
        OffsetDateTime odt = OffsetDateTime.parse(written);
        String normalized = format(odt.toInstant(), c.zone());
        assertThat(odt.getOffset())
                .as("%s: expected value %s has the wrong offset for %s (should read %s)", c, written, c.zone(), normalized)
                .isEqualTo(c.zone().getRules().getOffset(odt.toInstant()));
        return normalized;
    }

    private static String format(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}

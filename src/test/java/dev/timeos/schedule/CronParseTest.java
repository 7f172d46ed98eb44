package dev.timeos.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing: what is accepted, and that every rejection names the field and the reason. */
class CronParseTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                 | expression   | expression: must not be empty
            '   '              | expression   | expression: must not be empty
            * * * *            | expression   | expression: expected 5 or 6 fields, got 4
            * * * * * * *      | expression   | expression: expected 5 or 6 fields, got 7
            @reboot            | expression   | expression: unknown macro '@reboot' (supported: @yearly @annually @monthly @weekly @daily @midnight @hourly)
            61 * * * *         | minute       | minute: 61 is out of range 0-59
            99999 * * * *      | minute       | minute: 99999 is out of range 0-59
            * 24 * * *         | hour         | hour: 24 is out of range 0-23
            * * 0 * *          | day-of-month | day-of-month: 0 is out of range 1-31
            * * 32 * *         | day-of-month | day-of-month: 32 is out of range 1-31
            * * * 0 *          | month        | month: 0 is out of range 1-12
            * * * 13 *         | month        | month: 13 is out of range 1-12
            * * * * 8          | day-of-week  | day-of-week: 8 is out of range 0-7
            60 * * * * *       | second       | second: 60 is out of range 0-59
            0 60 * * * *       | minute       | minute: 60 is out of range 0-59
            x * * * *          | minute       | minute: 'x' is not a number
            * * * FOO *        | month        | month: 'FOO' is not a number or a name (JAN-DEC)
            * * * * MONDAY     | day-of-week  | day-of-week: 'MONDAY' is not a number or a name (SUN-SAT)
            * * * * JAN        | day-of-week  | day-of-week: 'JAN' is not a number or a name (SUN-SAT)
            * JAN * * *        | hour         | hour: 'JAN' is not a number
            */0 * * * *        | minute       | minute: step must be at least 1 in '*/0'
            */x * * * *        | minute       | minute: step 'x' in '*/x' is not a positive number
            1-5/ * * * *       | minute       | minute: step '' in '1-5/' is not a positive number
            30-10 * * * *      | minute       | minute: range 30-10 is reversed (start must not be after end)
            * * * * FRI-MON    | day-of-week  | day-of-week: range FRI-MON is reversed (start must not be after end)
            1,,2 * * * *       | minute       | minute: empty element in list '1,,2'
            1, * * * *         | minute       | minute: empty element in list '1,'
            - * * * *          | minute       | minute: missing value
            ? * * * *          | minute       | minute: '?' is only allowed in day-of-month and day-of-week
            * * * ? *          | month        | month: '?' is only allowed in day-of-month and day-of-week
            * * * * 5#6        | day-of-week  | day-of-week: '5#6': the week number after # must be 1-5
            * * * * 5#0        | day-of-week  | day-of-week: '5#0': the week number after # must be 1-5
            * * * * 9#1        | day-of-week  | day-of-week: 9 is out of range 0-7
            * * * * L          | day-of-week  | day-of-week: 'L' alone is ambiguous here; write nL, e.g. 5L for the last Friday
            * * * * 8L         | day-of-week  | day-of-week: 8 is out of range 0-7
            * * L-31 * *       | day-of-month | day-of-month: 'L-31': L-n needs n in 0-30
            * * L-x * *        | day-of-month | day-of-month: 'L-x': L-n needs n in 0-30
            * * 32W * *        | day-of-month | day-of-month: 32 is out of range 1-31
            * * W * *          | day-of-month | day-of-month: 'W': W needs a single day before it, e.g. 15W
            * * 1-5W * *       | day-of-month | day-of-month: '1-5W': W needs a single day before it, e.g. 15W
            * * 5L * *         | day-of-month | day-of-month: '5L' is not a day, a range, L, L-n, nW or LW
            * * 1#2 * *        | day-of-month | day-of-month: '1#2' is not a day, a range, L, L-n, nW or LW
            """)
    void rejectsWithFieldAndReason(String expression, String field, String message) {
        assertThatThrownBy(() -> CronSchedule.parse(expression, ZoneOffset.UTC))
                .isInstanceOf(InvalidScheduleException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((InvalidScheduleException) e).field()).isEqualTo(field));
    }

    @Test
    void nullExpressionIsRejected() {
        assertThatThrownBy(() -> CronSchedule.parse(null, ZoneOffset.UTC))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessage("expression: must not be empty");
    }

    @ParameterizedTest(name = "''{0}'' wildcard={1}")
    @CsvSource(delimiter = '|', textBlock = """
            * * * * *          | true
            */15 * * * *       | true
            0 * * * *          | true
            30 */2 * * *       | true
            * 2 * * *          | true
            30 2 * * *         | false
            0 2,3 * * *        | false
            0-59 1 * * *       | false
            0/15 1 * * *       | false
            * 30 2 * * *       | false
            0 */5 1 * * *      | true
            0 0 * * * *        | true
            @hourly            | true
            @daily             | false
            @weekly            | false
            """)
    void wildcardTimeLooksAtMinuteAndHourOnly(String expression, boolean wildcard) {
        assertThat(CronSchedule.parse(expression, ZoneOffset.UTC).isWildcardTime()).isEqualTo(wildcard);
    }

    @Test
    void keepsExpressionAndZone() {
        ZoneId ny = ZoneId.of("America/New_York");
        CronSchedule s = CronSchedule.parse("  0 9 * * MON  ", ny);
        assertThat(s.expression()).isEqualTo("0 9 * * MON");
        assertThat(s.zone()).isEqualTo(ny);
        assertThat(s).isEqualTo(CronSchedule.parse("0 9 * * MON", ny));
        assertThat(s.toString()).contains("0 9 * * MON").contains("America/New_York");
    }

    @Test
    void nullZoneMeansUtc() {
        assertThat(CronSchedule.parse("0 9 * * *", null).zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(CronSchedule.parse("0 9 * * *").zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(CronSchedule.parse("0 9 * * *", null).nextAfter(Instant.parse("2026-01-15T10:00:00Z")))
                .contains(Instant.parse("2026-01-16T09:00:00Z"));
    }

    @Test
    void fieldsMayBeSeparatedByTabsAndSeveralSpaces() {
        assertThat(CronSchedule.parse("0\t9   *  * *", ZoneOffset.UTC).nextAfter(Instant.parse("2026-01-15T10:00:00Z")))
                .contains(Instant.parse("2026-01-16T09:00:00Z"));
    }

    /** The 400-year search visits only Februaries (a few thousand days), so this is fast. */
    @Test
    @Timeout(5)
    void neverFiringExpressionAnswersQuickly() {
        CronSchedule s = CronSchedule.parse("0 0 30 2 *", ZoneId.of("Europe/London"));
        for (int i = 0; i < 20; i++) {
            assertThat(s.nextAfter(Instant.parse("2026-01-15T10:00:00Z"))).isEmpty();
        }
        // A wildcard expression whose only matches are always inside the spring-forward gap
        // (02:xx on the second Sunday of March in New York, the US rule since 2007) never fires either.
        assertThat(CronSchedule.parse("* 2 * 3 0#2", ZoneId.of("America/New_York"))
                .nextAfter(Instant.parse("2026-01-15T10:00:00Z"))).isEmpty();
    }

    @Test
    void nextWithCountStopsWhenThereAreNoMore() {
        assertThat(CronSchedule.parse("0 0 31 4 *", ZoneOffset.UTC).next(Instant.parse("2026-01-15T10:00:00Z"), 3))
                .isEmpty();
        assertThat(CronSchedule.parse("0 0 * * *", ZoneOffset.UTC).next(Instant.parse("2026-01-15T10:00:00Z"), 0))
                .isEmpty();
        assertThatThrownBy(() -> CronSchedule.parse("0 0 * * *", ZoneOffset.UTC)
                .next(Instant.parse("2026-01-15T10:00:00Z"), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

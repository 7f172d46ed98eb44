package dev.timeos.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron trigger: a cron expression evaluated against the wall clock of one timezone.
 *
 * <p>Five fields are {@code minute hour day-of-month month day-of-week}; six fields put
 * {@code second} first. Macros {@code @yearly @annually @monthly @weekly @daily @midnight @hourly}
 * are accepted. Daylight-saving changes follow cronie:
 * <ul>
 *   <li>a <b>fixed-time</b> expression (neither minute nor hour starts with {@code *}) whose time falls
 *       in a spring-forward gap fires once at the transition instant (the first instant after the gap);
 *       in a fall-back overlap it fires once, at the earlier of the two instants;</li>
 *   <li>a <b>wildcard</b> expression (minute or hour starts with {@code *}) fires at every real instant
 *       whose wall-clock time matches: nothing inside the gap, both passes of the repeated hour.</li>
 * </ul>
 * Several matching wall-clock times that map to one instant are one occurrence.
 */
public final class CronSchedule implements Schedule {

    /**
     * How far ahead (in years of wall-clock dates) the search goes before concluding that an
     * expression never fires. The Gregorian calendar repeats every 400 years (146097 days, a whole
     * number of weeks), so a date pattern that never matches within 400 years never matches at all;
     * the month-by-month search makes this cheap (e.g. {@code 0 0 30 2 *} looks at 400 Februaries).
     */
    static final int SEARCH_YEARS = 400;

    private final String expression;
    private final ZoneId zone;
    private final CronExpression cron;

    private CronSchedule(String expression, ZoneId zone, CronExpression cron) {
        this.expression = expression;
        this.zone = zone;
        this.cron = cron;
    }

    /**
     * Parses {@code expression} for {@code zone} (null means UTC).
     *
     * @throws InvalidScheduleException naming the wrong field
     */
    public static CronSchedule parse(String expression, ZoneId zone) {
        CronExpression cron = CronParser.parse(expression);
        return new CronSchedule(expression.trim(), zone == null ? ZoneOffset.UTC : zone, cron);
    }

    /** Parses {@code expression} in UTC. */
    public static CronSchedule parse(String expression) {
        return parse(expression, ZoneOffset.UTC);
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** True when the minute or the hour field starts with {@code *}: see the class comment for why it matters. */
    public boolean isWildcardTime() {
        return cron.wildcardTime();
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
        Objects.requireNonNull(after, "after");
        ZoneRules rules = zone.getRules();
        LocalDateTime localAfter = LocalDateTime.ofInstant(after, zone);
        // The first wall-clock second strictly after `after` (sub-second parts of `after` round down
        // first, so 10:00:00.5 continues at 10:00:01).
        LocalDateTime from = localAfter.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        LocalDate lastDate = localAfter.toLocalDate().plusYears(SEARCH_YEARS);
        return cron.wildcardTime()
                ? nextWildcard(after, from, lastDate, rules)
                : nextFixed(after, from, lastDate, rules);
    }

    @Override
    public List<Instant> next(Instant after, int count) {
        return Schedule.super.next(after, count);
    }

    /**
     * Fixed-time: every matching wall-clock time maps to exactly one instant (gap → transition,
     * overlap → earlier offset). That map never goes backwards in time, so the first match whose
     * instant is after {@code after} is the answer. Matches before {@code from} map to instants at or
     * before {@code after}; matches after it can still map to or before {@code after} when
     * {@code after} lies in the second pass of an overlap, hence the loop.
     */
    private Optional<Instant> nextFixed(Instant after, LocalDateTime from, LocalDate lastDate, ZoneRules rules) {
        LocalDateTime cursor = from;
        while (true) {
            Optional<LocalDateTime> match = cron.nextMatch(cursor, lastDate);
            if (match.isEmpty()) {
                return Optional.empty();
            }
            Instant instant = fixedInstant(match.get(), rules);
            if (instant.isAfter(after)) {
                return Optional.of(instant);
            }
            cursor = match.get().plusSeconds(1);
        }
    }

    private static Instant fixedInstant(LocalDateTime local, ZoneRules rules) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.size() == 1) {
            return local.toInstant(offsets.get(0));
        }
        ZoneOffsetTransition transition = rules.getTransition(local);
        return offsets.isEmpty()
                ? transition.getInstant()                          // gap: the first instant after it
                : local.toInstant(transition.getOffsetBefore());   // overlap: the first pass
    }

    /**
     * Wildcard: walk the timeline in segments of constant offset (between two transitions). Inside a
     * segment, wall-clock time and instants correspond one to one, so the first wall-clock match in
     * the segment is the next real occurrence; a match that lands past the segment end is not real at
     * that offset, and the search continues from the start of the next segment with its offset. This
     * skips the gap and visits the repeated hour twice without special cases.
     */
    private Optional<Instant> nextWildcard(Instant after, LocalDateTime from, LocalDate lastDate, ZoneRules rules) {
        ZoneOffset offset = rules.getOffset(after);
        ZoneOffsetTransition segmentEnd = rules.nextTransition(after);
        LocalDateTime cursor = from;
        while (true) {
            Optional<LocalDateTime> match = cron.nextMatch(cursor, lastDate);
            if (match.isEmpty()) {
                return Optional.empty();
            }
            Instant instant = match.get().toInstant(offset);
            if (segmentEnd == null || instant.isBefore(segmentEnd.getInstant())) {
                return Optional.of(instant);
            }
            offset = segmentEnd.getOffsetAfter();
            cursor = segmentEnd.getDateTimeAfter();
            segmentEnd = rules.nextTransition(segmentEnd.getInstant());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronSchedule other && expression.equals(other.expression) && zone.equals(other.zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(expression, zone);
    }

    @Override
    public String toString() {
        return "CronSchedule[" + expression + " @ " + zone.getId() + "]";
    }
}

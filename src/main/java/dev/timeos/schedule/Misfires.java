package dev.timeos.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure misfire arithmetic: given what was last planned and what time it is now, which missed
 * occurrences of a recurring schedule should run.
 */
public final class Misfires {

    private Misfires() {
    }

    /**
     * The missed occurrences of {@code schedule} — those in {@code (lastPlanned, now]} — that should run
     * now, oldest first. Choices:
     * <ul>
     *   <li>{@link MisfirePolicy#FIRE_ONCE}: a single element, the <em>latest</em> missed occurrence
     *       (the caller runs it once, now, standing for all of them); empty if nothing was missed.
     *       {@code maxCatchUp} does not apply.</li>
     *   <li>{@link MisfirePolicy#FIRE_ALL}: every missed occurrence, oldest first, but at most
     *       {@code maxCatchUp} of them: the <em>oldest</em> {@code maxCatchUp} are kept and the newer ones
     *       dropped. (Keeping the oldest lets this stop early instead of enumerating, say, a year of
     *       per-second occurrences.)</li>
     *   <li>{@link MisfirePolicy#SKIP}: none.</li>
     * </ul>
     * In all cases the caller plans the next regular occurrence as {@code schedule.nextAfter(now)}.
     *
     * @param lastPlanned the last occurrence that was planned (and run or materialized) before the outage
     * @param maxCatchUp  cap for FIRE_ALL, must be >= 0
     */
    public static List<Instant> occurrencesToRun(Schedule schedule, Instant lastPlanned, Instant now,
                                                 MisfirePolicy policy, int maxCatchUp) {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(lastPlanned, "lastPlanned");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(policy, "policy");
        if (maxCatchUp < 0) {
            throw new IllegalArgumentException("maxCatchUp must be >= 0, got " + maxCatchUp);
        }
        if (!now.isAfter(lastPlanned)) {
            return List.of();
        }
        return switch (policy) {
            case SKIP -> List.of();
            case FIRE_ONCE -> latestMissed(schedule, lastPlanned, now).map(List::of).orElse(List.of());
            case FIRE_ALL -> {
                List<Instant> missed = new ArrayList<>();
                Instant cursor = lastPlanned;
                while (missed.size() < maxCatchUp) {
                    Optional<Instant> next = schedule.nextAfter(cursor);
                    if (next.isEmpty() || next.get().isAfter(now)) {
                        break;
                    }
                    cursor = next.get();
                    missed.add(cursor);
                }
                yield List.copyOf(missed);
            }
        };
    }

    /**
     * The latest occurrence in {@code (lastPlanned, now]}. Schedules only search forwards, so look back
     * from {@code now} with a doubling window until the window holds an occurrence, then walk forward
     * through that window: cost grows with the log of the outage, not with the number of missed runs.
     */
    private static Optional<Instant> latestMissed(Schedule schedule, Instant lastPlanned, Instant now) {
        Duration outage = Duration.between(lastPlanned, now);
        Duration window = Duration.ofSeconds(1);
        while (true) {
            boolean whole = window.compareTo(outage) >= 0;
            Instant from = whole ? lastPlanned : now.minus(window);
            Optional<Instant> first = schedule.nextAfter(from);
            if (first.isPresent() && !first.get().isAfter(now)) {
                Instant latest = first.get();
                for (Optional<Instant> next = schedule.nextAfter(latest);
                     next.isPresent() && !next.get().isAfter(now);
                     next = schedule.nextAfter(latest)) {
                    latest = next.get();
                }
                return Optional.of(latest);
            }
            if (whole) {
                return Optional.empty();
            }
            window = window.multipliedBy(2);
        }
    }
}

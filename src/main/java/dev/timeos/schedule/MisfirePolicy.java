package dev.timeos.schedule;

/**
 * What a recurring rule does about occurrences that were due while the scheduler was not running.
 * See {@link Misfires#occurrencesToRun} for the exact behaviour.
 */
public enum MisfirePolicy {
    /** Run once, now, for all the missed occurrences together. */
    FIRE_ONCE("fire-once"),
    /** Run every missed occurrence (up to a cap), oldest first. */
    FIRE_ALL("fire-all"),
    /** Run none of the missed occurrences; continue with the next future one. */
    SKIP("skip");

    /** A rule's policy when it names none, whether it came from REST, the rules file or code. */
    public static final MisfirePolicy DEFAULT = FIRE_ONCE;

    private final String wireName;

    MisfirePolicy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Accepts "fire-once", "fire-all", "skip" (case-insensitive). */
    public static MisfirePolicy fromWire(String text) {
        if (text != null) {
            for (MisfirePolicy p : values()) {
                if (p.wireName.equalsIgnoreCase(text.trim())) {
                    return p;
                }
            }
        }
        throw new InvalidScheduleException("misfire", "'" + text + "' is not one of fire-once, fire-all, skip");
    }
}

package dev.timeos.dispatch;

import java.util.Locale;

/** What a recurring rule does when its previous run is still running at the next occurrence. */
public enum OverlapPolicy {
    /** run anyway, side by side */
    RUN,
    /** record the occurrence as skipped */
    SKIP,
    /** interrupt the previous run, then run */
    CANCEL_PREVIOUS;

    /** A rule's policy when it names none, whether it came from REST, the rules file or code. */
    public static final OverlapPolicy DEFAULT = RUN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static OverlapPolicy fromWire(String text) {
        for (OverlapPolicy p : values()) {
            if (p.wireName().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not one of run, skip, cancel-previous");
    }
}

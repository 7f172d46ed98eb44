package dev.timeos.dispatch;

/**
 * How many things happened lately: a count over the current and the previous window of
 * {@value #WINDOW_MS} ms (so between one and two windows' worth). Cheap enough for every finished job.
 */
final class RecentCount {

    static final long WINDOW_MS = 25;

    private long windowStart;
    private int current;
    private int previous;

    synchronized void add(long nowMillis) {
        roll(nowMillis);
        current++;
    }

    synchronized int get(long nowMillis) {
        roll(nowMillis);
        return current + previous;
    }

    private void roll(long now) {
        long elapsed = now - windowStart;
        if (elapsed >= WINDOW_MS) {
            previous = elapsed >= 2 * WINDOW_MS ? 0 : current;
            current = 0;
            windowStart = now;
        }
    }
}

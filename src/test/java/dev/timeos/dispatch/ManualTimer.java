package dev.timeos.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link Timer} driven by the test: tasks wait until {@link #runDue()} runs those whose time (on the test's
 * {@link MutableClock}) has come. Nothing sleeps.
 */
final class ManualTimer implements Timer {

    private final MutableClock clock;
    private final List<Task> tasks = new ArrayList<>();

    private final class Task implements Scheduled {
        final Runnable body;
        Instant at;
        final long period;
        boolean cancelled;

        Task(Runnable body, Instant at, long period) {
            this.body = body;
            this.at = at;
            this.period = period;
        }

        @Override
        public void cancel() {
            synchronized (ManualTimer.this) {
                cancelled = true;
                tasks.remove(this);
            }
        }
    }

    ManualTimer(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Scheduled schedule(Runnable task, long delayMillis) {
        Task t = new Task(task, clock.instant().plusMillis(delayMillis), 0);
        tasks.add(t);
        return t;
    }

    @Override
    public synchronized Scheduled scheduleAtFixedRate(Runnable task, long periodMillis) {
        Task t = new Task(task, clock.instant().plusMillis(periodMillis), periodMillis);
        tasks.add(t);
        return t;
    }

    @Override
    public void execute(Runnable task) {
        schedule(task, 0);
    }

    /** Runs every task due now (and those they schedule due now), oldest first. @return how many ran */
    int runDue() {
        int ran = 0;
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.at.isAfter(clock.instant()))
                        .min(Comparator.comparing(t -> t.at)).orElse(null);
                if (next == null) {
                    return ran;
                }
                if (next.period > 0) {
                    next.at = next.at.plusMillis(next.period);
                } else {
                    tasks.remove(next);
                }
            }
            next.body.run();
            ran++;
        }
    }

    synchronized int pending() {
        return tasks.size();
    }
}

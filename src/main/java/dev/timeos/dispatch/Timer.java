package dev.timeos.dispatch;

/**
 * What the dispatcher's parts need of a scheduled executor: run a task later, or now on another thread. In
 * production the managed scheduled executor; in unit tests a manual one, so timing is tested without sleeping.
 */
public interface Timer {

    /** A scheduled task that can be called off. */
    interface Scheduled {
        void cancel();
    }

    Scheduled schedule(Runnable task, long delayMillis);

    Scheduled scheduleAtFixedRate(Runnable task, long periodMillis);

    void execute(Runnable task);
}

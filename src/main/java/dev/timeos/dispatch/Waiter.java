package dev.timeos.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When the dispatcher ticks: at the soonest instant anyone asked for ({@link #wakeAt}), one tick at a time, and
 * never losing a request. A request that arrives while a tick runs makes that tick run again; one that arrives
 * after the tick's last pass but before it lets go is seen by the same thread once it lets go (the request flag is
 * checked again after release), so there is no window in which a request is dropped.
 * <p>
 * The tick answers when it wants to run next (the soonest due job it knows, or the safety poll).
 */
public final class Waiter {

    private static final Logger LOG = Logger.getLogger(Waiter.class.getName());
    static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(1);

    private final Clock clock;
    private final Timer timer;
    private final Supplier<Instant> tick;

    private final AtomicBoolean requested = new AtomicBoolean();
    /** Not a ReentrantLock: a tick that asks for a wake-up on its own thread must not re-enter itself. */
    private final AtomicBoolean ticking = new AtomicBoolean();
    /** The pending wake-up and its instant (guarded by this). */
    private Timer.Scheduled pending;
    private Object pendingToken;
    private Instant pendingAt;
    private volatile boolean stopped;

    public Waiter(Clock clock, Timer timer, Supplier<Instant> tick) {
        this.clock = clock;
        this.timer = timer;
        this.tick = tick;
    }

    /** Ticks at {@code at} unless a tick is already due at or before it. */
    public void wakeAt(Instant at) {
        synchronized (this) {
            if (stopped || (pendingToken != null && !at.isBefore(pendingAt))) {
                return;
            }
            if (pending != null) {
                pending.cancel();
            }
            long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
            // A token, not the Scheduled handle: the task may run before schedule(...) has returned the handle.
            Object token = new Object();
            pendingToken = token;
            pendingAt = at;
            try {
                pending = timer.schedule(() -> fired(token), delay);
            } catch (RuntimeException e) {
                // The executor is shutting down: nothing is pending.
                pendingToken = null;
                pendingAt = null;
                pending = null;
                LOG.log(Level.FINE, "TimeOS dispatcher: could not schedule a wake-up", e);
            }
        }
    }

    public void wakeNow() {
        wakeAt(clock.instant());
    }

    /** The instant of the pending wake-up, if any (for tests and health). */
    public synchronized Instant pendingAt() {
        return pendingToken == null ? null : pendingAt;
    }

    private void fired(Object token) {
        synchronized (this) {
            // This wake-up has happened: from now on a request schedules a new one.
            if (pendingToken == token) {
                pending = null;
                pendingToken = null;
                pendingAt = null;
            }
        }
        runTicks();
    }

    private void runTicks() {
        requested.set(true);
        while (requested.get() && !stopped && ticking.compareAndSet(false, true)) {
            Instant next = null;
            try {
                while (requested.getAndSet(false) && !stopped) {
                    next = tick.get();
                }
            } catch (RuntimeException | Error e) {
                // An Error too (an OutOfMemoryError in one tick's allocation): with no next wake-up, nothing would
                // tick again until a new job or a restart, and the health check would call the scheduler stuck.
                LOG.log(e instanceof Error ? Level.SEVERE : Level.WARNING,
                        "TimeOS dispatcher: a tick failed; trying again shortly", e);
                next = clock.instant().plus(RETRY_AFTER_ERROR);
            } finally {
                ticking.set(false);
            }
            if (next != null) {
                wakeAt(next);
            }
            // A request that came after our last pass and before we let go is seen here: loop and take it.
        }
    }

    /** No more ticks; the pending wake-up is called off. */
    public void stop() {
        synchronized (this) {
            stopped = true;
            if (pending != null) {
                pending.cancel();
                pending = null;
                pendingToken = null;
            }
        }
    }
}

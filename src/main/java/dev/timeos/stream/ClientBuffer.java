package dev.timeos.stream;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stream client's bounded buffer: the engine offers (never waits), the client's pump takes. Events the buffer has
 * no room for are dropped and counted; the pump tells the client how many it missed once it catches up.
 */
public final class ClientBuffer {

    private final Set<String> types;
    private final BlockingQueue<StreamItem> queue;
    private final AtomicLong dropped = new AtomicLong();
    private long reported;
    private volatile boolean closed;

    /** @param types the event types this client wants; empty: all */
    public ClientBuffer(Set<String> types, int capacity) {
        this.types = Set.copyOf(types);
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
    }

    /** On the engine's thread: enqueue if wanted and room, else count it. @return false when it was dropped */
    public boolean offer(StreamItem item) {
        if (closed || (!types.isEmpty() && !types.contains(item.type()))) {
            return true;
        }
        if (queue.offer(item)) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** On the pump: the next event, waiting at most {@code millis}; null when none came. */
    public StreamItem take(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** On the pump: events dropped since the last call (0 when none). */
    public long newlyDropped() {
        long now = dropped.get();
        long d = now - reported;
        reported = now;
        return d;
    }

    public long dropped() {
        return dropped.get();
    }

    public int buffered() {
        return queue.size();
    }

    public void close() {
        closed = true;
        queue.clear();
    }

    public boolean isClosed() {
        return closed;
    }
}

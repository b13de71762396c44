package io.watchbox.client.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Requests waiting for a connection, in the order they will be sent. At most
 * {@code capacity} publishes are kept; when one more arrives the oldest publish is dropped
 * and counted. Subscribe and unsubscribe requests are few and never dropped. Owned by the
 * client's thread.
 */
public final class OfflineBuffer {
    private final int capacity;
    private final Deque<Request> queue = new ArrayDeque<>();
    private int publishes;
    private long dropped;

    public OfflineBuffer(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("offline buffer size must be >= 0: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Appends a request; returns the publishes dropped to make room (possibly this one). */
    public List<Request> add(Request request) {
        queue.addLast(request);
        count(request, 1);
        return trim();
    }

    /**
     * Puts requests that were sent but never answered back in front, in their order, so they
     * go out again before anything newer. Returns the publishes dropped to stay in bounds.
     */
    public List<Request> addFirst(Collection<Request> requests) {
        List<Request> reversed = new ArrayList<>(requests);
        for (int i = reversed.size() - 1; i >= 0; i--) {
            queue.addFirst(reversed.get(i));
            count(reversed.get(i), 1);
        }
        return trim();
    }

    /** Removes and returns everything, in sending order. */
    public List<Request> drain() {
        List<Request> all = new ArrayList<>(queue);
        queue.clear();
        publishes = 0;
        return all;
    }

    public int size() {
        return queue.size();
    }

    /** How many publishes were dropped since the client was built. */
    public long dropped() {
        return dropped;
    }

    private List<Request> trim() {
        List<Request> removed = new ArrayList<>();
        Iterator<Request> oldestFirst = queue.iterator();
        while (publishes > capacity && oldestFirst.hasNext()) {
            Request request = oldestFirst.next();
            if (request.kind() == Request.Kind.PUB) {
                oldestFirst.remove();
                count(request, -1);
                dropped++;
                removed.add(request);
            }
        }
        return removed;
    }

    private void count(Request request, int delta) {
        if (request.kind() == Request.Kind.PUB) {
            publishes += delta;
        }
    }
}

package io.watchbox.itapp;

import io.watchbox.WatchboxMessage;
import io.watchbox.WatchboxTimeout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Records Watchbox's CDI events, seen by a synchronous and an asynchronous observer. Messages
 * starting with "throw" make the observers fail, and "hold KEY" holds the synchronous one until a
 * test releases KEY, to prove that neither reaches clients.
 */
@ApplicationScoped
public class EventRecorder {

    /** The newest events only, so that a long soak measures Watchbox's heap, not this recorder's. */
    static final int CAPACITY = 10_000;

    static final String HOLD = "hold ";
    /** At most this long, so that a test that fails before its release does not stall the events of the next ones. */
    private static final long MAX_HOLD_SECONDS = 60;

    private final Deque<RecordedEvent> events = new ArrayDeque<>();
    /** One gate for each key held or released, whichever comes first. */
    private final ConcurrentMap<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    void sync(@Observes WatchboxMessage message) throws InterruptedException {
        record("sync", message);
        if (message.msg().startsWith(HOLD)) {
            String key = message.msg().substring(HOLD.length());
            gate(key).await(MAX_HOLD_SECONDS, TimeUnit.SECONDS); // a stuck observer, on purpose: clients must not wait for it
            gates.remove(key);
        }
    }

    /** Lets the synchronous observer go on from the message "hold KEY", now or when it gets there. */
    void release(String key) {
        gate(key).countDown();
    }

    private CountDownLatch gate(String key) {
        return gates.computeIfAbsent(key, k -> new CountDownLatch(1));
    }

    void async(@ObservesAsync WatchboxMessage message) {
        record("async", message);
    }

    void sync(@Observes WatchboxTimeout ended) {
        add(new RecordedEvent("sync", "timeout", ended.uid(), null, null, null, ended.reason().name(), null));
    }

    void async(@ObservesAsync WatchboxTimeout ended) {
        add(new RecordedEvent("async", "timeout", ended.uid(), null, null, null, ended.reason().name(), null));
    }

    synchronized List<RecordedEvent> events() {
        return List.copyOf(events);
    }

    private synchronized void add(RecordedEvent event) {
        if (events.size() == CAPACITY) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    private void record(String observer, WatchboxMessage message) {
        add(new RecordedEvent(observer, "message", message.uid(), message.user(), message.group(), message.msg(), null,
                message.time().toString()));
        if (message.msg().startsWith("throw")) {
            throw new IllegalStateException("observer failing on purpose");
        }
    }
}

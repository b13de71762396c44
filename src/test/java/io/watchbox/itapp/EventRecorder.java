package io.watchbox.itapp;

import io.watchbox.WatchboxMessage;
import io.watchbox.WatchboxTimeout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Records Watchbox's CDI events, seen by a synchronous and an asynchronous observer. Messages
 * starting with "throw" make the observers fail and "slow" makes the synchronous one stall, to
 * prove that neither reaches clients.
 */
@ApplicationScoped
public class EventRecorder {

    /** The newest events only, so that a long soak measures Watchbox's heap, not this recorder's. */
    static final int CAPACITY = 10_000;

    private final Deque<RecordedEvent> events = new ArrayDeque<>();

    void sync(@Observes WatchboxMessage message) throws InterruptedException {
        record("sync", message);
        if (message.msg().startsWith("slow")) {
            Thread.sleep(3000); // a slow observer, on purpose: clients must not wait for it
        }
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

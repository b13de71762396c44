package io.watchbox.internal.core;

import io.watchbox.WatchboxMessage;
import io.watchbox.WatchboxTimeout;
import java.util.ArrayList;
import java.util.List;

/** Remembers every event the broker fires, in order. */
final class RecordingEvents implements BrokerEvents {

    private final List<WatchboxMessage> published = new ArrayList<>();
    private final List<WatchboxTimeout> ended = new ArrayList<>();

    @Override
    public synchronized void clientPublished(WatchboxMessage message) {
        published.add(message);
    }

    @Override
    public synchronized void sessionEnded(WatchboxTimeout end) {
        ended.add(end);
    }

    synchronized List<WatchboxMessage> published() {
        return List.copyOf(published);
    }

    synchronized List<WatchboxTimeout> ended() {
        return List.copyOf(ended);
    }
}

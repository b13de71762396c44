package io.watchbox.incontainer;

import io.watchbox.WatchboxMessage;
import io.watchbox.WatchboxTimeout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bean of the host application that observes both of Watchbox's events, synchronously and not. */
@ApplicationScoped
public class ObservedEvents {

    /** One observation: which observer saw which event. */
    public record Seen(String observer, Object event) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    void message(@Observes WatchboxMessage message) {
        seen.add(new Seen("sync", message));
    }

    void messageAsync(@ObservesAsync WatchboxMessage message) {
        seen.add(new Seen("async", message));
    }

    void ended(@Observes WatchboxTimeout ended) {
        seen.add(new Seen("sync", ended));
    }

    void endedAsync(@ObservesAsync WatchboxTimeout ended) {
        seen.add(new Seen("async", ended));
    }

    public List<Seen> of(String uid) {
        return seen.stream().filter(s -> uid.equals(s.event() instanceof WatchboxMessage m ? m.uid()
                : ((WatchboxTimeout) s.event()).uid())).toList();
    }
}

package io.watchbox.example;

import io.watchbox.WatchboxMessage;
import io.watchbox.WatchboxTimeout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Logger;

/** Logs every message a client sends and every session that ends, as an application would react to them. */
@ApplicationScoped
public class ExampleObservers {

    private static final Logger LOG = Logger.getLogger(ExampleObservers.class.getName());

    void onMessage(@Observes WatchboxMessage message) {
        String who = message.user() == null ? message.uid() : message.uid() + " (user " + message.user() + ")";
        LOG.info(() -> "message from " + who + " to " + message.group() + ": " + message.msg());
    }

    void onSessionEnd(@Observes WatchboxTimeout ended) {
        LOG.info(() -> "session " + ended.uid() + " ended: " + ended.reason());
    }
}

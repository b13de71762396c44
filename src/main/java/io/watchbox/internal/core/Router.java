package io.watchbox.internal.core;

import io.watchbox.Settings;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.FrameEncoder;
import io.watchbox.internal.routing.SubscriptionIndex;
import io.watchbox.internal.session.Session;
import java.util.function.Supplier;

/**
 * The one path of every publish, whoever makes it: encode once, find the matching sessions,
 * queue the shared frame for each. Queueing never blocks; each session's outbox sends on its own.
 */
final class Router {

    private final SubscriptionIndex<Session> index;
    private final FrameEncoder encoder;
    private final Supplier<Settings> settings;
    private final Counters counters;

    Router(SubscriptionIndex<Session> index, FrameEncoder encoder, Supplier<Settings> settings, Counters counters) {
        this.index = index;
        this.encoder = encoder;
        this.settings = settings;
        this.counters = counters;
    }

    /** Publishes an already validated group; returns how many sessions it was queued for. */
    int publish(String group, String msg, String from) {
        EncodedMessage message = encoder.message(group, msg, from, counters.sends.now());
        Settings now = settings.get();
        int delivered = 0;
        for (Session session : index.match(group)) {
            if (session.enqueue(message, now.listlimit(), now.maxqueuedbytes())) {
                delivered++;
            }
        }
        counters.published.increment();
        counters.delivered.add(delivered);
        return delivered;
    }
}

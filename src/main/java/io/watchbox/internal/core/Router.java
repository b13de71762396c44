package io.watchbox.internal.core;

import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.FrameEncoder;
import io.watchbox.internal.routing.SubscriptionIndex;
import io.watchbox.internal.session.Session;
import java.util.function.IntSupplier;

/**
 * The one path of every publish, whoever makes it: encode once, find the matching sessions,
 * queue the shared frame for each. Queueing never blocks; each session's outbox sends on its own.
 */
final class Router {

    private final SubscriptionIndex<Session> index;
    private final FrameEncoder encoder;
    private final IntSupplier listlimit;
    private final Counters counters;

    Router(SubscriptionIndex<Session> index, FrameEncoder encoder, IntSupplier listlimit, Counters counters) {
        this.index = index;
        this.encoder = encoder;
        this.listlimit = listlimit;
        this.counters = counters;
    }

    /** Publishes an already validated group; returns how many sessions it was queued for. */
    int publish(String group, String msg, String from) {
        EncodedMessage message = encoder.message(group, msg, from);
        int limit = listlimit.getAsInt();
        int delivered = 0;
        for (Session session : index.match(group)) {
            if (session.enqueue(message, limit)) {
                delivered++;
            }
        }
        counters.published.increment();
        counters.delivered.add(delivered);
        return delivered;
    }
}

package io.watchbox.internal.core;

import io.watchbox.Settings;
import io.watchbox.internal.cluster.ClusterRelay;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.FrameEncoder;
import io.watchbox.internal.routing.SubscriptionIndex;
import io.watchbox.internal.session.Session;
import java.util.function.Supplier;

/**
 * The one path of every publish, whoever makes it: encode once, find the matching sessions,
 * queue the shared frame for each, then hand the message to the other replicas (cluster mode).
 * Queueing never blocks; each session's outbox sends on its own, and the relay never waits for Redis.
 */
final class Router {

    private final SubscriptionIndex<Session> index;
    private final FrameEncoder encoder;
    private final Supplier<Settings> settings;
    private final Counters counters;
    private volatile ClusterRelay relay = ClusterRelay.NONE;

    Router(SubscriptionIndex<Session> index, FrameEncoder encoder, Supplier<Settings> settings, Counters counters) {
        this.index = index;
        this.encoder = encoder;
        this.settings = settings;
        this.counters = counters;
    }

    void relayThrough(ClusterRelay relay) {
        this.relay = relay;
    }

    ClusterRelay relay() {
        return relay;
    }

    /**
     * Publishes an already validated group; returns how many sessions of this replica it was queued for.
     */
    int publish(String group, String msg, String from) {
        int delivered = deliver(group, msg, from);
        counters.published.increment();
        relay.relay(group, msg, from);
        return delivered;
    }

    /** Delivers a message another replica published (and relayed) to this replica's sessions only. */
    int deliverRelayed(String group, String msg, String from) {
        return deliver(group, msg, from);
    }

    private int deliver(String group, String msg, String from) {
        EncodedMessage message = encoder.message(group, msg, from, counters.sends.now());
        Settings now = settings.get();
        int delivered = 0;
        for (Session session : index.match(group)) {
            if (session.enqueue(message, now.listlimit(), now.maxqueuedbytes())) {
                delivered++;
            }
        }
        counters.delivered.add(delivered);
        return delivered;
    }
}

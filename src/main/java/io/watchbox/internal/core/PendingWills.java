package io.watchbox.internal.core;

import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.session.PendingWill;
import io.watchbox.internal.session.Session;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MQTT 5.0 wills whose delay runs: each is published when its delay passes or its session ends,
 * whichever comes first, unless the session's client reconnects before (which cancels it), or the
 * session moves to another replica (which takes the will along). The sweep publishes those that are
 * due, on the broker's clock.
 */
final class PendingWills {

    /** Publishes a will as its client would have. */
    interface Publisher {
        void publish(Session session, Packet.Will will, WatchboxIdentity publisher);
    }

    private record Pending(long dueAt, Packet.Will will, WatchboxIdentity publisher) {
    }

    private final Map<Session, Pending> pending = new ConcurrentHashMap<>();
    private final Publisher publisher;

    PendingWills(Publisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Publishes the will at {@code dueAt} (epoch milliseconds), or when the session ends if sooner,
     * as {@code who} (the client that set it, or null).
     */
    void delay(Session session, long dueAt, Packet.Will will, WatchboxIdentity who) {
        pending.put(session, new Pending(dueAt, will, who));
    }

    /** The session's client is back in time: its will is not published. */
    void cancel(Session session) {
        pending.remove(session);
    }

    /**
     * The session moves to another replica: its will, if one waits, goes with it, due as much later
     * as it is due here, and is not published here.
     *
     * @return the will, or null when none waits
     */
    PendingWill takeAway(Session session, long now) {
        Pending will = pending.remove(session);
        return will == null ? null : new PendingWill(will.will(), will.publisher(), Math.max(0, will.dueAt() - now));
    }

    /** Publishes the wills due at {@code now}. */
    void publishDue(long now) {
        for (Map.Entry<Session, Pending> entry : pending.entrySet()) {
            if (entry.getValue().dueAt() <= now && pending.remove(entry.getKey(), entry.getValue())) {
                publish(entry.getKey(), entry.getValue());
            }
        }
    }

    /** The session ended: its will, if one waits, is published now. */
    void sessionEnded(Session session) {
        Pending will = pending.remove(session);
        if (will != null) {
            publish(session, will);
        }
    }

    private void publish(Session session, Pending will) {
        publisher.publish(session, will.will(), will.publisher());
    }
}

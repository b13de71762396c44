package io.watchbox.internal.core;

import io.watchbox.internal.session.Session;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MQTT 5.0 wills whose delay runs: each is published when its delay passes or its session ends,
 * whichever comes first, unless the session's client reconnects before (which cancels it). The
 * sweep publishes those that are due, on the broker's clock.
 */
final class PendingWills {

    private record Pending(long dueAt, Runnable publish) {
    }

    private final Map<Session, Pending> pending = new ConcurrentHashMap<>();

    /** Publishes the will at {@code dueAt} (epoch milliseconds), or when the session ends if sooner. */
    void delay(Session session, long dueAt, Runnable publish) {
        pending.put(session, new Pending(dueAt, publish));
    }

    /** The session's client is back in time: its will is not published. */
    void cancel(Session session) {
        pending.remove(session);
    }

    /** Publishes the wills due at {@code now}. */
    void publishDue(long now) {
        for (Map.Entry<Session, Pending> entry : pending.entrySet()) {
            if (entry.getValue().dueAt() <= now && pending.remove(entry.getKey(), entry.getValue())) {
                entry.getValue().publish().run();
            }
        }
    }

    /** The session ended: its will, if one waits, is published now. */
    void sessionEnded(Session session) {
        Pending will = pending.remove(session);
        if (will != null) {
            will.publish().run();
        }
    }
}

package io.watchbox.it;

import io.watchbox.it.ClusterChaosIT.NewSession;
import io.watchbox.it.ClusterChaosIT.Restart;
import io.watchbox.it.DeliveryAudit.MessageId;
import io.watchbox.it.DeliveryAudit.Seen;
import io.watchbox.it.DeliveryAudit.Subscriber;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MQTT subscriber of {@link ClusterChaosIT}: a persistent session (3.1.1 clean session 0, or 5.0
 * with a session expiry), QoS 1 on one group, acknowledging each message a moment after it is handed over,
 * reconnecting through the balancer whenever its connection is lost. It
 * records what arrived and each CONNACK's session present, with the number of the connection it
 * came on, and at the end reads that as {@link DeliveryAudit} does a JSON client's callbacks.
 */
final class MqttChaosSubscriber {

    /** Something that happened, on the connection with this number (the first is 1). */
    private sealed interface Event {
        int connection();
    }

    private record Got(int connection, MessageId id, int packetId, boolean dup) implements Event {
    }

    /**
     * A CONNACK after a reconnect, and when the connection before had been lost (System.nanoTime()).
     * After a missed one: an attempt before it timed out waiting for its CONNACK. Such an attempt may
     * have started a new session in place of the one another replica held; the server ends it when
     * the connection closes unused, so a session present now is the client's own, and is not
     * subscribed again: if it were that empty stand-in, the subscriber would get nothing and the run fail.
     */
    private record Connack(int connection, boolean present, boolean afterAMissedOne, long disconnectedNanos, Duration away)
            implements Event {
    }

    /** How the copies of a message after its first were counted. */
    record Repeats(int dupRedeliveries, int sameIdAfterResume, int resentAfterCrash, List<String> details) {
    }

    /** What the audit reads of this subscriber, and how its repeated copies were counted. */
    record Read(Subscriber subscriber, Repeats repeats, int resumedAfterAMissedConnack) {
    }

    /**
     * Each PUBACK goes this long after its message was handed over, so that a fault often finds a
     * message unacknowledged, which must come again with DUP (at 0.8 messages a second, about a
     * third of the time).
     */
    private static final Duration ACK_DELAY = Duration.ofMillis(400);

    final String uid;
    final String group;
    private final boolean v5;
    private final URI uri;
    /** The client of the connection made last (the first is number 1). */
    private volatile PahoLink link;
    private volatile int connections;
    final ReconnectLoop reconnects;
    private final List<Event> events = new ArrayList<>();
    final Map<String, Long> lastFrom = new ConcurrentHashMap<>();
    final List<String> disconnects = new CopyOnWriteArrayList<>();
    final AtomicInteger resumes = new AtomicInteger();
    final List<NewSession> newSessionsAfter = new CopyOnWriteArrayList<>();
    private volatile long disconnectedAt = System.nanoTime();
    /** Whether the session the server has for this client has no subscription yet (a new session). */
    private volatile boolean unsubscribed = true;
    /** Whether an attempt since the last CONNACK timed out waiting for its CONNACK. */
    private volatile boolean connackMissed;

    private MqttChaosSubscriber(String uid, String group, boolean v5, URI uri) {
        this.uid = uid;
        this.group = group;
        this.v5 = v5;
        this.uri = uri;
        reconnects = new ReconnectLoop(uid, this::reconnect, () -> link != null && link.isConnected());
    }

    /**
     * Connects and subscribes, trying a few times (Paho waits only 1 s for the handshake's answer);
     * from then on reconnects by itself. Its uid is new, so its session is too.
     */
    static MqttChaosSubscriber start(String uid, String group, boolean v5, URI uri) throws Exception {
        MqttChaosSubscriber subscriber = new MqttChaosSubscriber(uid, group, v5, uri);
        for (int attempt = 1; ; attempt++) {
            try {
                subscriber.connect();
                subscriber.link.subscribe(group);
                subscriber.unsubscribed = false;
                return subscriber;
            } catch (Exception e) {
                if (attempt == 5) {
                    subscriber.close();
                    throw e;
                }
                subscriber.reconnects.failed(e);
            }
        }
    }

    /**
     * Connects with a new Paho client object: a QoS 1 subscriber's state is all on the server (Paho
     * keeps nothing of an incoming QoS 1 message), and a connect that never completes (Paho 3.1.1's
     * once did not after a reset in its handshake, see {@link MqttChaosIT}) is left behind with its
     * client. Each connection's messages are counted on its own number.
     */
    private boolean connect() throws Exception {
        PahoLink last = link;
        if (last != null) {
            last.close();
        }
        int number = ++connections;
        PahoLink.Events events = new PahoLink.Events() {
            @Override
            public void arrived(String payload, int packetId, boolean dup) {
                MessageId id = ClusterChaosIT.messageId(null, payload);
                add(new Got(number, id, packetId, dup));
                lastFrom.merge(id.publisher(), id.number(), Math::max);
            }

            @Override
            public void lost() {
                if (number != connections) {
                    return; // a client closed for the one after it
                }
                disconnectedAt = System.nanoTime();
                disconnects.add(version() + " connection " + number + " lost");
                reconnects.lost();
            }
        };
        PahoLink fresh = (v5 ? PahoLink.v5(uri, uid, false, Duration.ofSeconds(ClusterReplica.TIMEOUT_SECONDS), events)
                : PahoLink.v3(uri, uid, false, events)).acknowledgingAfter(ACK_DELAY);
        link = fresh;
        try {
            return fresh.connect();
        } catch (Exception e) {
            fresh.close();
            throw e;
        }
    }

    private void reconnect() throws Exception {
        long since = disconnectedAt;
        boolean present;
        try {
            present = connect();
        } catch (Exception e) {
            if (PahoLink.timedOut(e)) {
                connackMissed = true;
            }
            throw e;
        }
        Duration away = Duration.ofNanos(System.nanoTime() - since);
        add(new Connack(connections, present, present && connackMissed, since, away));
        connackMissed = false;
        if (present) {
            resumes.incrementAndGet();
        } else {
            unsubscribed = true;
            newSessionsAfter.add(new NewSession(since, away));
        }
        if (unsubscribed) {
            link.subscribe(group);
            unsubscribed = false;
        }
    }

    String version() {
        return v5 ? "5.0" : "3.1.1";
    }

    private synchronized void add(Event event) {
        events.add(event);
    }

    private synchronized List<Event> inOrder() {
        // A CONNACK is recorded once connect() returns, and a message that came right behind it may be
        // handed over first: each connection's CONNACK goes before what came on that connection.
        List<Event> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparingInt(Event::connection).thenComparingInt(e -> e instanceof Connack ? 0 : 1));
        return ordered;
    }

    /**
     * What the audit reads, and how repeated copies were counted. A copy after the first is MQTT's
     * at-least-once promise, not a duplicate, when it came with DUP; with Paho's 5.0 client, which
     * does not pass DUP on, when it came under the first copy's packet identifier on a later
     * connection whose CONNACK said session present (the server sends again what was not
     * acknowledged, first, under the identifiers it had). Also counted apart: a copy without DUP
     * under the same identifier on the first connection after the replica this client was on was
     * killed (docs/cluster.md, "What the mirror does not cover yet": a QoS 1 message whose delivery
     * mark had not reached Redis is sent again without DUP). Any other copy goes to the audit, which
     * reports it as a duplicate.
     */
    Read read(List<Restart> restarts) {
        List<Seen> seen = new ArrayList<>();
        Map<MessageId, Got> first = new HashMap<>();
        Map<Integer, Connack> connacks = new HashMap<>();
        int dup = 0;
        int sameId = 0;
        int afterCrash = 0;
        int afterAMissedOne = 0;
        List<String> details = new ArrayList<>();
        for (Event event : inOrder()) {
            if (event instanceof Connack connack) {
                connacks.put(connack.connection(), connack);
                if (!connack.present()) {
                    seen.add(new Seen.NewSession());
                } else if (connack.afterAMissedOne()) {
                    afterAMissedOne++;
                }
                continue;
            }
            Got got = (Got) event;
            Got earlier = first.putIfAbsent(got.id(), got);
            if (earlier == null) {
                seen.add(new Seen.Message(got.id()));
                continue;
            }
            Connack resumed = connacks.get(got.connection());
            boolean resend = resumed != null && resumed.present() && got.connection() > earlier.connection()
                    && got.packetId() == earlier.packetId();
            String where = uid + " got " + got.id() + " again (packet " + got.packetId() + ", connection "
                    + got.connection() + "; first " + earlier.packetId() + ", connection " + earlier.connection() + ")";
            if (got.dup()) {
                dup++;
            } else if (resend && v5) {
                sameId++;
            } else if (resend && restarts.stream().anyMatch(r -> r.how() == ClusterReplica.Stop.KILL
                    && r.dropped(uid, resumed.disconnectedNanos()))) {
                afterCrash++;
                details.add(where + " without DUP after its replica was killed");
            } else {
                seen.add(new Seen.Message(got.id()));
                details.add(where + " without DUP");
            }
        }
        return new Read(new Subscriber(uid, group, seen), new Repeats(dup, sameId, afterCrash, details), afterAMissedOne);
    }

    ClusterChaosIT.Member member() {
        return new ClusterChaosIT.Member(uid, group, lastFrom, disconnects, newSessionsAfter, resumes, reconnects::toString);
    }

    void close() {
        reconnects.close();
        PahoLink last = link;
        if (last != null) {
            last.close();
        }
    }
}

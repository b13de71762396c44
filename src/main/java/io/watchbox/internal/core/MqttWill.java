package io.watchbox.internal.core;

import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.access.LogText;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.mqtt.PublishProperties;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.routing.BadGroupException;
import io.watchbox.internal.session.Session;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The will of one MQTT connection: published when the connection ends without a normal DISCONNECT
 * (a drop, a keep-alive expiry, a protocol error, a kick, a takeover) or with DISCONNECT 0x04,
 * never after a normal DISCONNECT. A 5.0 Will Delay Interval holds it back until the delay passes
 * or the session ends, and a reconnect of the session in time cancels it ({@link PendingWills}).
 * It is published as a PUBLISH would be: at its QoS, retained when it says so, and with its 5.0 will
 * properties as the message's properties (the Will Delay Interval is not one of them), its Message
 * Expiry Interval counting from when it is published (MQTT 5.0, 3.1.3.2.4). A will whose delay runs
 * moves with its session to another replica (cluster mode), which publishes it in time; a session
 * its client took to another replica is a takeover there, which publishes a will without delay only.
 */
final class MqttWill {

    private static final Logger ERROR_LOG = LoggingLevel.error();

    private final MqttLink link;
    /**
     * The will, until it is published or discarded; the container's thread sets it, and whoever sees
     * the connection lost first (onClose, or a replica handing its sessions over) takes it.
     */
    private final AtomicReference<Packet.Will> will = new AtomicReference<>();

    MqttWill(MqttLink link) {
        this.link = link;
    }

    void arm(Packet.Will connected) {
        will.set(connected);
    }

    /** A normal DISCONNECT: the will is not published. */
    void discard() {
        will.set(null);
    }

    /**
     * The connection is gone without a normal DISCONNECT: the will is published now, or after its
     * delay if the session waits for its client that long.
     *
     * @param sessionEnds whether the session ends with the connection
     */
    void connectionLost(Session session, boolean sessionEnds) {
        Packet.Will lost = will.getAndSet(null);
        if (lost == null) {
            return;
        }
        long delaySeconds = lost.properties().number(Property.WILL_DELAY_INTERVAL).orElse(0);
        boolean takenOver = session.isConnected() || session.hasMoved();
        if (delaySeconds == 0 || sessionEnds || (session.isEnded() && !session.hasMoved())) {
            publish(link.broker, session, lost, session.identity());
        } else if (takenOver) {
            // Taken over by a newer connection, here or on another replica, which came within the
            // delay: the will is not published.
            return;
        } else {
            link.broker.delayWill(session, link.broker.now() + delaySeconds * 1000, lost, session.identity());
        }
    }

    /** DISCONNECT 0x04: the client asks for its will now. */
    void publishNow(Session session) {
        Packet.Will asked = will.getAndSet(null);
        if (asked != null) {
            publish(link.broker, session, asked, session.identity());
        }
    }

    /**
     * Publishes the will as its client would have, speaking as {@code publisher} (the client that
     * set it; null: anonymous): the authorizer decides, and a refusal is only logged.
     */
    static void publish(Broker broker, Session session, Packet.Will will, WatchboxIdentity publisher) {
        Payload payload = MqttPayload.ofWill(will).orElse(null);
        if (payload == null) {
            refused(session, "its payload format indicator says UTF-8, but it is not");
            return;
        }
        try {
            broker.publishAs(session, publisher, will.topic(), payload, will.retain(), will.qos(),
                    PublishProperties.received(will.properties(), broker.now()));
        } catch (BadGroupException | ForbiddenException | RetainedFullException e) {
            refused(session, e.getMessage());
        }
    }

    private static void refused(Session session, String why) {
        ERROR_LOG.info(() -> "MQTT client " + session.uid() + ": will not published: " + LogText.quote(why));
    }
}

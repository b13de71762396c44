package io.watchbox.internal.core;

import io.watchbox.internal.core.relay.MqttMark;
import io.watchbox.internal.mqtt.PublishProperties;
import io.watchbox.internal.mqtt.SubscriptionTable;
import io.watchbox.internal.mqtt.codec.EncodedPublish;
import io.watchbox.internal.mqtt.codec.MqttEncoder;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.mqtt.session.InFlight;
import io.watchbox.internal.mqtt.session.MqttSessionState;
import io.watchbox.internal.mqtt.session.OutboundWindow;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.session.BinaryFrames;
import io.watchbox.internal.session.MessageFraming;
import java.util.ArrayDeque;
import java.util.List;

/**
 * What one MQTT connection is sent of its session's messages: each queued message as a PUBLISH at
 * the lower of the QoS it was published with and the QoS granted to the client, QoS 1 and 2 ones
 * under packet identifiers of the session's {@link OutboundWindow}, no more in flight than the
 * window allows. A reconnecting client is first sent again, in order and with DUP, what it had
 * not acknowledged. The outbox calls the framing methods with its own lock held; the
 * acknowledgements arrive on the container's thread and wake the outbox afterwards.
 */
final class MqttDelivery implements MessageFraming {

    /**
     * The largest frame that packets waiting together are packed into (a single larger packet still
     * goes, alone). MQTT over WebSocket lets a frame hold several packets, and containers charge per
     * frame; but a client's Maximum Packet Size bounds packets, not frames, and common WebSocket
     * client stacks refuse larger messages by default (Netty's maxFramePayloadLength and Jetty's
     * maxBinaryMessageSize are 64 KiB), so packing never makes a frame one of them would refuse
     * when each of its packets alone would have passed. {@code watchbox.maxmessage} bounds what
     * clients send, not what they read, so it is no measure here.
     */
    static final int MAX_PACKED_FRAME_BYTES = 64 * 1024;

    /** Set once the CONNECT is accepted, before the outbox pulls the first message. */
    private volatile MqttLink link;
    private volatile MqttSessionState state;
    private volatile int window;
    private volatile long maxPacketSize;
    /** The packet identifiers in flight when the client reconnected, to send again in order. */
    private final ArrayDeque<Integer> toResend = new ArrayDeque<>();

    /**
     * Starts delivering to the connection.
     *
     * @param window        how many QoS 1 and 2 messages may be in flight to the client at once
     * @param maxPacketSize the largest packet the client takes; a larger message is not sent to it
     * @param resumed       whether the client continues a session, and is sent again what it had not acknowledged
     */
    void start(MqttLink connected, int window, long maxPacketSize, boolean resumed) {
        MqttSessionState kept = connected.state();
        List<InFlight> unacknowledged = resumed ? kept.outbound().unacknowledged() : List.of();
        synchronized (this) {
            unacknowledged.forEach(sent -> toResend.add(sent.packetId()));
        }
        this.window = window;
        this.maxPacketSize = maxPacketSize;
        this.state = kept;
        this.link = connected;
        connected.outbox.packUpTo(packedFrameBytes(maxPacketSize));
    }

    /**
     * The bound of a packed frame: a client that takes smaller packets than {@link #MAX_PACKED_FRAME_BYTES}
     * is a small one, and is not sent frames larger than the packets it takes.
     */
    static int packedFrameBytes(long maxPacketSize) {
        return (int) Math.min(MAX_PACKED_FRAME_BYTES, maxPacketSize);
    }

    @Override
    public synchronized String resend() {
        InFlight again = null;
        while (again == null && !toResend.isEmpty()) {
            // As it is now: the replaced connection may have had it acknowledged since.
            again = state.outbound().inFlight(toResend.poll());
        }
        if (again == null) {
            return null;
        }
        if (again.released()) {
            return link.encode(new Packet.Pubrel(again.packetId(), ReasonCode.SUCCESS, Properties.EMPTY));
        }
        SubscriptionTable.Delivery delivery = state.subscriptions().delivery(again.message().group(), null, null);
        return publish(again.message(), again.qos(), again.packetId(), true, delivery);
    }

    @Override
    public boolean mayTake() {
        return state.outbound().hasRoom(window);
    }

    @Override
    public String frame(EncodedMessage message, long seq) {
        // Each way out notes the seq once, in the window, which refuses a connection that was replaced.
        OutboundWindow outbound = state.outbound();
        Object sender = link.outbox;
        String group = message.group();
        if (group == null) {
            // Known only by its JSON frame (it moved here with its session from another replica).
            if (outbound.taken(sender, seq)) {
                note(new MqttMark.Taken(seq));
                link.session().notSent();
            }
            return null;
        }
        SubscriptionTable.Delivery delivery = state.subscriptions().delivery(group, message.from(), link.session().uid());
        if (delivery == null || message.properties().expired(link.broker.now())) {
            // No Local (the client published it itself), or its Message Expiry Interval passed while it waited.
            if (outbound.taken(sender, seq)) {
                note(new MqttMark.Taken(seq));
            }
            return null;
        }
        int qos = Math.min(delivery.qos(), message.qos());
        int packetId = qos == 0 ? 0 : outbound.send(sender, seq, message, qos);
        if (qos == 0 ? !outbound.taken(sender, seq) : packetId == 0) {
            return null; // the client's new connection sends it
        }
        String frame = publish(message, qos, packetId, false, delivery);
        if (frame.length() > maxPacketSize) {
            if (qos > 0) {
                outbound.forget(packetId);
            }
            note(new MqttMark.Taken(seq));
            link.session().notSent();
            return null;
        }
        note(qos == 0 ? new MqttMark.Taken(seq) : new MqttMark.Sent(seq, packetId, qos));
        return frame;
    }

    /**
     * The session's mirror notes what was taken or acknowledged, and nothing waits for it: the message's
     * copy is written already, and an adopter that missed this sends it again under the same identifier
     * (QoS 2: the client does not take it twice; QoS 0 and 1: it may).
     */
    private void note(MqttMark mark) {
        link.broker.mqttMirror().note(link.session(), mark);
    }

    /** PUBACK: the client has a QoS 1 message; the window has room again. */
    void acknowledged(Packet.Puback puback) {
        if (state.outbound().acknowledged(puback.packetId())) {
            note(new MqttMark.Acknowledged(puback.packetId()));
            link.outbox.wake();
        }
    }

    /**
     * PUBREC: the client has a QoS 2 message; PUBREL releases it, unless the client refused it. The
     * PUBREL waits for the session's mirror to have it released: a client that had it would forget its
     * identifier, and take the PUBLISH an adopter would send again for a new message.
     */
    void received(Packet.Pubrec pubrec) {
        boolean failed = pubrec.reason().isError();
        boolean known = state.outbound().received(pubrec.packetId(), failed);
        if (failed) {
            if (known) {
                note(new MqttMark.Acknowledged(pubrec.packetId()));
                link.outbox.wake();
            }
            return;
        }
        link.acknowledgeOnceMarked(known, new Packet.Pubrel(pubrec.packetId(), link.identifierReason(known), Properties.EMPTY),
                new MqttMark.Released(pubrec.packetId()));
    }

    /** PUBCOMP: a QoS 2 exchange is over; the window has room again. */
    void completed(Packet.Pubcomp pubcomp) {
        if (state.outbound().completed(pubcomp.packetId())) {
            note(new MqttMark.Acknowledged(pubcomp.packetId()));
            link.outbox.wake();
        }
    }

    /**
     * The PUBLISH of a message: its bytes and 5.0 properties as they were published (the expiry as the
     * seconds left), with the RETAIN flag and the subscription identifiers its subscriptions ask (none
     * when they are gone, for a message sent again).
     */
    private String publish(EncodedMessage message, int qos, int packetId, boolean dup, SubscriptionTable.Delivery delivery) {
        boolean retain = delivery != null && MqttRetained.flag(message, delivery);
        if ((delivery != null && !delivery.identifiers().isEmpty()) || message.properties().expires()) {
            // Its own Subscription Identifiers, or the seconds left of its expiry: this subscriber's alone.
            Packet.Publish publish = packet(message, qos, packetId, dup, retain, delivery);
            return BinaryFrames.carry(MqttEncoder.encode(publish, link.version()));
        }
        // The same for every subscriber of this version, QoS and RETAIN flag: encoded once per message.
        int kind = (link.version().ordinal() * 3 + qos) * 2 + (retain ? 1 : 0);
        if (qos == 0) {
            return message.frames().get(kind, () ->
                    BinaryFrames.carry(MqttEncoder.encode(packet(message, 0, 0, false, retain, null), link.version())));
        }
        EncodedPublish alike = message.frames().get(kind, () ->
                EncodedPublish.of(packet(message, qos, 1, false, retain, null), link.version()));
        return BinaryFrames.carry(alike.bytesWithPacketId(packetId, dup));
    }

    private Packet.Publish packet(EncodedMessage message, int qos, int packetId, boolean dup, boolean retain,
                                  SubscriptionTable.Delivery delivery) {
        Properties.Builder carried = PublishProperties.builder(message.properties(), link.broker.now());
        Properties properties = delivery == null ? carried.build() : delivery.properties(carried);
        return new Packet.Publish(message.group(), MqttPayload.toSend(message.payload()), qos, retain, dup, packetId,
                properties);
    }
}

package io.watchbox.internal.core;

import io.watchbox.EndReason;
import io.watchbox.WatchboxAuthenticator.Handshake;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.access.LogText;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.mqtt.codec.Decoded;
import io.watchbox.internal.mqtt.codec.Malformed;
import io.watchbox.internal.mqtt.codec.MqttDecoder;
import io.watchbox.internal.mqtt.codec.MqttEncoder;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.PacketType;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.protocol.CloseCodes;
import io.watchbox.internal.session.BinaryFrames;
import io.watchbox.internal.session.Connection;
import io.watchbox.internal.session.Outbox;
import io.watchbox.internal.session.Session;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The MQTT 3.1.1 and 5.0 protocol of one connection, at the socket's edge: decodes what arrives,
 * hands each packet to the part that serves it, and closes on bad input. Its session is an ordinary
 * Watchbox session, so MQTT and JSON clients share groups through the one publish path. The
 * container delivers one frame at a time per connection, so the state read from frames needs no
 * locking.
 */
public final class MqttProtocol implements OpenSocket {

    private static final Logger ERROR_LOG = LoggingLevel.error();

    private final Broker broker;
    private final MqttLink link;
    private final MqttDecoder decoder;
    private final MqttSessionStart start;
    private final MqttKeepAlive keepAlive;
    private final MqttSubscriptions subscriptions;
    private final MqttInbound inbound;
    private final MqttDelivery delivery;
    private final MqttWill will;
    private final AtomicBoolean counted = new AtomicBoolean();

    MqttProtocol(Broker broker, Connection connection, Map<String, List<String>> parameters, Handshake handshake,
                 WatchboxIdentity containerUser) {
        this.broker = broker;
        this.delivery = new MqttDelivery();
        this.link = new MqttLink(broker, new Outbox(connection, delivery, broker.sends(), broker.socketFailures()));
        this.decoder = MqttDecoder.forServer(broker.settings().maxmessage());
        this.keepAlive = new MqttKeepAlive(link, this);
        this.subscriptions = new MqttSubscriptions(link);
        this.start = new MqttSessionStart(link, parameters, handshake, containerUser);
        this.inbound = new MqttInbound(link);
        this.will = new MqttWill(link);
        link.outbox.sayLastWords(this::lastWords);
    }

    /** One part of a binary frame, as the container reads it; MQTT packets need not follow frame boundaries. */
    public void onBinary(ByteBuffer part) {
        if (link.outbox.isClosing()) {
            return;
        }
        keepAlive.packetArrived();
        try {
            Decoded decoded = decoder.decode(part);
            for (Packet packet : decoded.packets()) {
                if (link.outbox.isClosing()) {
                    return;
                }
                onPacket(packet);
            }
            decoded.malformed().ifPresent(this::malformed);
        } catch (RuntimeException bug) {
            if (broker.socketFailures().report("frame", () -> "handling an MQTT packet from client " + link.uid(), bug)) {
                link.outbox.close(CloseCodes.INTERNAL_ERROR, "internal error");
            }
        }
    }

    /** MQTT over WebSocket is binary only (MQTT-6.0.0-1): a text frame closes the connection. */
    public void onText() {
        ERROR_LOG.info(() -> "MQTT client " + link.uid() + ": text frame; closing");
        link.outbox.close(CloseCodes.UNSUPPORTED_DATA, "MQTT is sent in binary frames");
    }

    /** The container reports a failure on this socket: shown unless the peer went away, and the socket closed. */
    public void transportFailed(Throwable failure) {
        if (broker.socketFailures().report("socket", () -> "the MQTT connection of client " + link.uid(), failure)) {
            link.outbox.close(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }

    /**
     * The socket is gone: a session without expiry ends with it, and so does one its client never
     * used ({@link Session#endsUnused}); one with an expiry waits for its client.
     */
    public void onClose() {
        broker.socketClosed(this, counted.getAndSet(false));
        link.outbox.connectionClosed();
        Session session = link.session();
        if (session == null) {
            return;
        }
        boolean ends = !session.outlivesConnection() || session.endsUnused();
        if (ends) {
            broker.connectionEnded(session, link.outbox);
        } else {
            broker.disconnected(session, link.outbox);
        }
        // After the detach: a session still connected now was taken over by a newer connection.
        will.connectionLost(session, ends);
    }

    /**
     * The connection of a session that outlives it counts as lost now, closed as going away: a will
     * whose delay runs then waits in the session's replica, which hands it over with the session. The
     * container's close comes later and finds nothing left to do. A session that ends with its
     * connection is left to that close, as at any stop.
     */
    @Override
    public void handingOver() {
        Session session = link.session();
        if (session == null || !session.outlivesConnection()) {
            return;
        }
        link.outbox.close(CloseCodes.GOING_AWAY, Broker.SESSION_GOES_ON);
        broker.disconnected(session, link.outbox);
        will.connectionLost(session, false);
    }

    void counted() {
        counted.set(true);
    }

    Outbox outbox() {
        return link.outbox;
    }

    @Override
    public void helloTimedOut(int seconds) {
        ERROR_LOG.info(() -> "MQTT connection closed: no CONNECT within " + seconds + " s");
        link.outbox.close(CloseCodes.TIMED_OUT, "no CONNECT within " + seconds + " s");
    }

    @Override
    public void credentialExpired() {
        ERROR_LOG.info(() -> "MQTT client " + link.uid() + ": token expired; closing");
        link.disconnect(ReasonCode.NOT_AUTHORIZED, CloseCodes.FORBIDDEN, "token expired");
    }

    @Override
    public void checkKeepAlive(long now) {
        keepAlive.check(now);
    }

    private void onPacket(Packet packet) {
        Session session = link.session();
        if (session == null) {
            if (packet instanceof Packet.Connect connect) {
                start.connect(connect, this, keepAlive, delivery, will);
            } else {
                link.protocolError("the first packet must be CONNECT");
            }
            return;
        }
        session.used();
        broker.touch(session);
        if (packet instanceof Packet.Publish publish) {
            inbound.publish(publish);
        } else if (packet instanceof Packet.Puback puback) {
            delivery.acknowledged(puback);
        } else if (packet instanceof Packet.Pubrec pubrec) {
            delivery.received(pubrec);
        } else if (packet instanceof Packet.Pubrel pubrel) {
            inbound.release(pubrel);
        } else if (packet instanceof Packet.Pubcomp pubcomp) {
            delivery.completed(pubcomp);
        } else if (packet instanceof Packet.Subscribe subscribe) {
            subscriptions.subscribe(subscribe);
        } else if (packet instanceof Packet.Unsubscribe unsubscribe) {
            subscriptions.unsubscribe(unsubscribe);
        } else if (packet instanceof Packet.Pingreq) {
            link.reply(new Packet.Pingresp());
        } else if (packet instanceof Packet.Disconnect disconnect) {
            disconnected(session, disconnect);
        } else if (packet instanceof Packet.Connect) {
            link.protocolError("a second CONNECT");
        } else {
            link.protocolError(packet.type() + " is not supported (AUTH is not)");
        }
    }

    /**
     * DISCONNECT: the will is discarded, unless 5.0's reason 0x04 asks for it to be published now. A
     * session without expiry ends (LEFT); one with an expiry waits for its client. A
     * 5.0 client may change the expiry here, but not from 0 (a protocol error).
     */
    private void disconnected(Session session, Packet.Disconnect disconnect) {
        OptionalLong expiry = disconnect.properties().number(Property.SESSION_EXPIRY_INTERVAL);
        if (expiry.isPresent()) {
            if (!session.outlivesConnection() && expiry.getAsLong() > 0) {
                link.protocolError("a session expiry interval in DISCONNECT after 0 in CONNECT");
                return;
            }
            long capped = session.identity() == null ? 0
                    : Math.min(expiry.getAsLong(), broker.settings().mqttmaxsessionexpiry());
            session.expiresAfter(capped * 1000);
            broker.describeToMirror(session);
        }
        link.replies.drain(); // the PUBACK of a publish just before still reaches the client
        if (disconnect.reason() == ReasonCode.DISCONNECT_WITH_WILL_MESSAGE) {
            will.publishNow(session);
        } else {
            will.discard();
        }
        if (session.outlivesConnection()) {
            broker.disconnected(session, link.outbox);
            link.outbox.close(CloseCodes.NORMAL, "bye");
        } else {
            broker.end(session, EndReason.LEFT);
        }
    }

    /** What a 5.0 client is told before its connection is closed under it: taken over, kicked, server stopping. */
    private String lastWords(int closeCode) {
        if (!link.isV5()) {
            return null;
        }
        ReasonCode reason = switch (closeCode) {
            case CloseCodes.REPLACED -> ReasonCode.SESSION_TAKEN_OVER;
            case CloseCodes.KICKED -> ReasonCode.ADMINISTRATIVE_ACTION;
            case CloseCodes.GOING_AWAY -> ReasonCode.SERVER_SHUTTING_DOWN;
            default -> null;
        };
        return reason == null ? null : link.encode(new Packet.Disconnect(reason, Properties.EMPTY));
    }

    private void malformed(Malformed malformed) {
        ERROR_LOG.info(() -> "MQTT client " + link.uid() + ": malformed " + malformed.packet() + ": "
                + LogText.quote(malformed.detail()));
        if (link.session() == null && malformed.reason() == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION) {
            // Answered in 3.1.1's form, which every version reads (MQTT-3.1.2-2).
            link.outbox.reply(BinaryFrames.carry(MqttEncoder.encode(
                    new Packet.Connack(false, ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, Properties.EMPTY), MqttVersion.V3_1_1)));
            link.outbox.closeAfterFlush(CloseCodes.PROTOCOL_ERROR, "unsupported MQTT version");
            return;
        }
        ReasonCode reason = malformed.reason().allowedIn(PacketType.DISCONNECT)
                ? malformed.reason() : ReasonCode.MALFORMED_PACKET;
        link.disconnect(reason, CloseCodes.PROTOCOL_ERROR, malformed.detail());
    }
}

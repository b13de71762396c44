package io.watchbox.internal.core;

import io.watchbox.EndReason;
import io.watchbox.WatchboxAuthenticationException;
import io.watchbox.WatchboxAuthenticator.Handshake;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.access.LogText;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.mqtt.PublishProperties;
import io.watchbox.internal.mqtt.SubscriptionTable;
import io.watchbox.internal.mqtt.TopicAliases;
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
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.routing.BadGroupException;
import io.watchbox.internal.session.BinaryFrames;
import io.watchbox.internal.session.Connection;
import io.watchbox.internal.session.NotOwnerException;
import io.watchbox.internal.session.Outbox;
import io.watchbox.internal.session.Session;
import io.watchbox.internal.session.SessionRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The MQTT 3.1.1 and 5.0 protocol of one connection: expects CONNECT, then serves SUBSCRIBE,
 * UNSUBSCRIBE, PUBLISH (QoS 0 and 1), PINGREQ and DISCONNECT. Its session is an ordinary Watchbox
 * session, so MQTT and JSON clients share groups through the one publish path. Sessions are clean:
 * the session ends when the connection does. The container delivers one frame at a time per
 * connection, so the state read from frames needs no locking; what the outbox's sending thread
 * reads (the version, the subscription table) is safe to read from there.
 */
public final class MqttProtocol implements OpenSocket {

    private static final Logger ERROR_LOG = LoggingLevel.error();
    /** A WebSocket close reason is at most 123 bytes. */
    private static final int MAX_CLOSE_REASON = 120;
    /** The QoS this broker delivers at most: QoS 2 is not supported yet. */
    private static final int MAX_QOS = 1;
    /** What {@code GET /clients} says an MQTT session speaks. */
    private static final String PROTOCOL = "mqtt";

    private final Broker broker;
    private final Outbox outbox;
    private final OrderedReplies replies;
    private final MqttDecoder decoder;
    private Map<String, List<String>> parameters;
    private Handshake handshake;
    private WatchboxIdentity containerUser;
    private final AtomicBoolean counted = new AtomicBoolean();
    /** The filters this connection subscribed to, with what was granted and asked for each. */
    private final SubscriptionTable subscriptions = new SubscriptionTable();
    /** Set at CONNECT: the Topic Alias Maximum is read once, so that CONNACK and the checks agree. */
    private TopicAliases topicAliases;
    private volatile MqttVersion version;
    private volatile long keepAliveMillis;
    private volatile long lastPacketAt;
    /** Set on the container's thread at CONNECT; read by the sweep too. */
    private volatile Session session;

    MqttProtocol(Broker broker, Connection connection, Map<String, List<String>> parameters, Handshake handshake,
                 WatchboxIdentity containerUser) {
        this.broker = broker;
        this.outbox = new Outbox(connection, this::frame, broker.sends(), broker.socketFailures());
        this.replies = new OrderedReplies(outbox);
        this.decoder = MqttDecoder.forServer(broker.settings().maxmessage());
        this.parameters = parameters;
        this.handshake = handshake;
        this.containerUser = containerUser;
    }

    /** One part of a binary frame, as the container reads it; MQTT packets need not follow frame boundaries. */
    public void onBinary(ByteBuffer part) {
        if (outbox.isClosing()) {
            return;
        }
        lastPacketAt = broker.now();
        try {
            Decoded decoded = decoder.decode(part);
            for (Packet packet : decoded.packets()) {
                if (outbox.isClosing()) {
                    return;
                }
                onPacket(packet);
            }
            decoded.malformed().ifPresent(this::malformed);
        } catch (RuntimeException bug) {
            if (broker.socketFailures().report("frame", () -> "handling an MQTT packet from client " + uid(), bug)) {
                outbox.close(CloseCodes.INTERNAL_ERROR, "internal error");
            }
        }
    }

    /** MQTT over WebSocket is binary only (MQTT-6.0.0-1): a text frame closes the connection. */
    public void onText() {
        ERROR_LOG.info(() -> "MQTT client " + uid() + ": text frame; closing");
        outbox.close(CloseCodes.UNSUPPORTED_DATA, "MQTT is sent in binary frames");
    }

    /** The container reports a failure on this socket: shown unless the peer went away, and the socket closed. */
    public void transportFailed(Throwable failure) {
        if (broker.socketFailures().report("socket", () -> "the MQTT connection of client " + uid(), failure)) {
            outbox.close(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }

    /** The socket is gone: a clean session ends with it. */
    public void onClose() {
        broker.socketClosed(this, counted.getAndSet(false));
        outbox.connectionClosed();
        if (session != null) {
            broker.connectionEnded(session, outbox);
        }
    }

    void counted() {
        counted.set(true);
    }

    Outbox outbox() {
        return outbox;
    }

    @Override
    public void helloTimedOut(int seconds) {
        ERROR_LOG.info(() -> "MQTT connection closed: no CONNECT within " + seconds + " s");
        outbox.close(CloseCodes.TIMED_OUT, "no CONNECT within " + seconds + " s");
    }

    @Override
    public void credentialExpired() {
        ERROR_LOG.info(() -> "MQTT client " + uid() + ": token expired; closing");
        disconnect(ReasonCode.NOT_AUTHORIZED, CloseCodes.FORBIDDEN, "token expired");
    }

    @Override
    public void checkKeepAlive(long now) {
        long allowed = keepAliveMillis;
        Session current = session;
        if (allowed == 0 || current == null) {
            return;
        }
        if (now - lastPacketAt > allowed) {
            ERROR_LOG.info(() -> "MQTT client " + uid() + ": nothing within 1.5 times its keep alive; closing");
            disconnect(ReasonCode.KEEP_ALIVE_TIMEOUT, CloseCodes.TIMED_OUT, "keep alive expired");
        } else {
            // The client's keep alive, not watchbox.timeout, says how long it may be silent while connected.
            broker.touch(current);
        }
    }

    private void onPacket(Packet packet) {
        if (session == null) {
            if (packet instanceof Packet.Connect connect) {
                connect(connect);
            } else {
                protocolError("the first packet must be CONNECT");
            }
            return;
        }
        broker.touch(session);
        if (packet instanceof Packet.Publish publish) {
            publish(publish);
        } else if (packet instanceof Packet.Puback) {
            // The client has a message it was sent at QoS 1: nothing is kept to resend (clean sessions).
        } else if (packet instanceof Packet.Subscribe subscribe) {
            subscribe(subscribe);
        } else if (packet instanceof Packet.Unsubscribe unsubscribe) {
            unsubscribe(unsubscribe);
        } else if (packet instanceof Packet.Pingreq) {
            replies.send(encode(new Packet.Pingresp()));
        } else if (packet instanceof Packet.Disconnect) {
            replies.drain(); // the PUBACK of a publish just before still reaches the client
            broker.end(session, EndReason.LEFT);
        } else if (packet instanceof Packet.Connect) {
            protocolError("a second CONNECT");
        } else {
            protocolError(packet.type() + " is not supported (QoS 2 and AUTH are not)");
        }
    }

    private void connect(Packet.Connect connect) {
        broker.greeted(this);
        version = connect.version();
        Handshake said = handshake;
        Map<String, List<String>> query = parameters;
        handshake = null;
        parameters = null;
        // The password carries the token a JSON client sends in its hello; the user name is not used.
        String token = connect.password().map(p -> new String(p.toByteArray(), StandardCharsets.UTF_8)).orElse(null);
        WatchboxIdentity identity;
        try {
            identity = broker.authenticate(token, said, containerUser);
        } catch (WatchboxAuthenticationException e) {
            refuse(token == null ? ReasonCode.NOT_AUTHORIZED : ReasonCode.BAD_USER_NAME_OR_PASSWORD, e.getMessage());
            return;
        } finally {
            containerUser = null;
        }
        String clientId = connect.clientId();
        boolean assigned = clientId.isEmpty();
        if (assigned && !connect.cleanStart() && !version.isV5()) {
            refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "an empty client id needs a clean session");
            return;
        }
        if (!assigned && !SessionRegistry.isValidUid(clientId)) {
            refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "the client id must be 1-64 characters of [A-Za-z0-9_-]");
            return;
        }
        if (!broker.mayConnect(assigned ? null : clientId, identity, query)) {
            refuse(ReasonCode.NOT_AUTHORIZED, "not allowed to connect");
            return;
        }
        SessionRegistry.Attachment attachment;
        try {
            attachment = broker.hello(assigned ? null : clientId, null, null, identity, outbox);
        } catch (NotOwnerException e) {
            refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "the client id is in use by another client");
            return;
        }
        if (attachment == null) {
            if (!outbox.isClosing()) {
                String reason = "server full: " + broker.settings().maxclients() + " sessions";
                ERROR_LOG.info(() -> "MQTT connection refused: " + reason);
                outbox.reply(encode(new Packet.Connack(false, ReasonCode.SERVER_BUSY, Properties.EMPTY)));
                outbox.closeAfterFlush(CloseCodes.TRY_AGAIN_LATER, reason);
            }
            return;
        }
        session = attachment.session();
        session.speaks(PROTOCOL);
        topicAliases = new TopicAliases(broker.settings().mqttTopicAliasMax());
        if (attachment.resumed()) {
            // The same user took its session over: a clean session starts without the old subscriptions.
            for (String filter : List.copyOf(session.groups())) {
                broker.unsubscribe(session, filter);
            }
        }
        broker.expiresAt(this, identity);
        if (connect.keepAliveSeconds() > 0) {
            keepAliveMillis = connect.keepAliveSeconds() * 1500L;
            broker.keepAlive(this);
        }
        outbox.reply(encode(new Packet.Connack(false, ReasonCode.SUCCESS, connackProperties(connect, assigned))));
        outbox.bind(session);
    }

    /** What a 5.0 CONNACK announces: what this broker does not do, so that the client does not ask. */
    private Properties connackProperties(Packet.Connect connect, boolean assigned) {
        if (!version.isV5()) {
            return Properties.EMPTY;
        }
        Properties.Builder properties = Properties.builder()
                .number(Property.MAXIMUM_QOS, MAX_QOS)
                .number(Property.SHARED_SUBSCRIPTION_AVAILABLE, 1)
                .number(Property.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 1)
                .number(Property.MAXIMUM_PACKET_SIZE, broker.settings().maxmessage());
        topicAliases.announce(properties);
        if (connect.properties().number(Property.SESSION_EXPIRY_INTERVAL).orElse(0) > 0) {
            properties.number(Property.SESSION_EXPIRY_INTERVAL, 0); // sessions end with their connection
        }
        if (assigned) {
            properties.string(Property.ASSIGNED_CLIENT_IDENTIFIER, session.uid());
        }
        return properties.build();
    }

    private void publish(Packet.Publish publish) {
        if (publish.qos() > MAX_QOS) {
            disconnect(ReasonCode.QOS_NOT_SUPPORTED, CloseCodes.PROTOCOL_ERROR, "QoS 2 is not supported");
            return;
        }
        TopicAliases.Resolved resolved = topicAliases.resolve(publish);
        if (resolved instanceof TopicAliases.Refused refused) {
            disconnect(refused.reason(), CloseCodes.PROTOCOL_ERROR, refused.detail());
            return;
        }
        publish = ((TopicAliases.Topic) resolved).publish();
        Payload payload = MqttPayload.received(publish).orElse(null);
        if (payload == null) {
            refusePublish(publish, ReasonCode.PAYLOAD_FORMAT_INVALID, "the payload format indicator says UTF-8, but it is not");
            return;
        }
        if (!broker.allowPublish(session)) {
            refusePublish(publish, ReasonCode.QUOTA_EXCEEDED,
                    "more than " + broker.settings().ratelimit() + " publishes per second");
            return;
        }
        Published published;
        try {
            published = broker.publishFromClient(session, publish.topic(), payload, publish.retain(),
                    PublishProperties.received(publish.properties(), broker.now()));
        } catch (BadGroupException e) {
            refusePublish(publish, ReasonCode.TOPIC_NAME_INVALID, e.getMessage());
            return;
        } catch (ForbiddenException e) {
            refusePublish(publish, ReasonCode.NOT_AUTHORIZED, e.getMessage());
            return;
        } catch (RetainedFullException e) {
            refusePublish(publish, ReasonCode.QUOTA_EXCEEDED, e.getMessage());
            return;
        }
        if (publish.qos() == 1) {
            replies.sendOnceDone(published.inRedis(),
                    encode(new Packet.Puback(publish.packetId(), ReasonCode.SUCCESS, Properties.EMPTY)));
        }
    }

    /**
     * A publish that is not delivered: 5.0 answers a QoS 1 publish with the reason; a QoS 0 one has
     * no answer and is only logged. 3.1.1 has no negative acknowledgement, so the connection closes.
     */
    private void refusePublish(Packet.Publish publish, ReasonCode reason, String detail) {
        ERROR_LOG.info(() -> "MQTT client " + uid() + ": publish to " + LogText.quote(publish.topic()) + " refused: "
                + LogText.quote(detail));
        if (!version.isV5()) {
            outbox.close(CloseCodes.PROTOCOL_ERROR, closeReason("publish refused: " + detail));
        } else if (publish.qos() == 1) {
            replies.send(encode(new Packet.Puback(publish.packetId(), reason, reasonString(detail))));
        }
    }

    private void subscribe(Packet.Subscribe subscribe) {
        List<ReasonCode> reasons = new ArrayList<>();
        List<EncodedMessage> retained = new ArrayList<>();
        for (Packet.Subscription subscription : subscribe.subscriptions()) {
            boolean existed = session.groups().contains(subscription.filter());
            ReasonCode reason = subscribeTo(subscription, SubscriptionTable.identifierOf(subscribe));
            reasons.add(reason);
            if (!reason.isError() && MqttRetained.sendsRetained(subscription, existed)) {
                retained.addAll(broker.retainedFor(subscription.filter()));
            }
        }
        replies.send(encode(new Packet.Suback(subscribe.packetId(), reasons, Properties.EMPTY)));
        Session subscriber = session;
        replies.afterSent(() -> broker.queueRetained(subscriber, retained));
    }

    private ReasonCode subscribeTo(Packet.Subscription subscription, int identifier) {
        String filter = subscription.filter();
        int qos = Math.min(subscription.maxQos(), MAX_QOS);
        try {
            broker.subscribe(session, filter);
            subscriptions.put(filter, SubscriptionTable.Entry.granted(subscription, qos, identifier));
            return ReasonCode.granted(qos);
        } catch (BadGroupException e) {
            return refused(filter, ReasonCode.TOPIC_FILTER_INVALID, e.getMessage());
        } catch (ForbiddenException e) {
            return refused(filter, ReasonCode.NOT_AUTHORIZED, e.getMessage());
        }
    }

    /** A filter's refusal: 5.0 says why; 3.1.1 has only 0x80. */
    private ReasonCode refused(String filter, ReasonCode reason, String detail) {
        ERROR_LOG.info(() -> "MQTT client " + uid() + ": subscription to " + LogText.quote(filter) + " refused: "
                + LogText.quote(detail));
        return version.isV5() ? reason : ReasonCode.UNSPECIFIED_ERROR;
    }

    private void unsubscribe(Packet.Unsubscribe unsubscribe) {
        List<ReasonCode> reasons = new ArrayList<>();
        for (String filter : unsubscribe.filters()) {
            boolean had = session.groups().contains(filter);
            broker.unsubscribe(session, filter);
            subscriptions.remove(filter);
            reasons.add(had ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED);
        }
        replies.send(encode(new Packet.Unsuback(unsubscribe.packetId(), reasons, Properties.EMPTY)));
    }

    /**
     * A queued message as this connection's PUBLISH, as its subscriptions say (QoS, identifiers,
     * retain), or null when none of them delivers it (No Local) or its expiry passed while it waited.
     * The packet id comes from the session's seq: ids are reused only after 65,535 later messages.
     */
    private String frame(EncodedMessage message, long seq) {
        String group = message.group();
        SubscriptionTable.Delivery delivery = subscriptions.delivery(group, message.from(), session.uid());
        if (delivery == null || message.properties().expired(broker.now())) {
            return null;
        }
        int qos = delivery.qos();
        int packetId = qos == 0 ? 0 : (int) ((seq - 1) % 0xFFFF) + 1;
        Packet.Publish publish = new Packet.Publish(group, MqttPayload.toSend(message.payload()),
                qos, MqttRetained.flag(message, delivery), false, packetId,
                delivery.properties(PublishProperties.builder(message.properties(), broker.now())));
        return BinaryFrames.carry(MqttEncoder.encode(publish, version));
    }

    private void malformed(Malformed malformed) {
        ERROR_LOG.info(() -> "MQTT client " + uid() + ": malformed " + malformed.packet() + ": "
                + LogText.quote(malformed.detail()));
        if (session == null && malformed.reason() == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION) {
            // Answered in 3.1.1's form, which every version reads (MQTT-3.1.2-2).
            outbox.reply(BinaryFrames.carry(MqttEncoder.encode(
                    new Packet.Connack(false, ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, Properties.EMPTY), MqttVersion.V3_1_1)));
            outbox.closeAfterFlush(CloseCodes.PROTOCOL_ERROR, "unsupported MQTT version");
            return;
        }
        ReasonCode reason = malformed.reason().allowedIn(PacketType.DISCONNECT)
                ? malformed.reason() : ReasonCode.MALFORMED_PACKET;
        disconnect(reason, CloseCodes.PROTOCOL_ERROR, malformed.detail());
    }

    private void protocolError(String detail) {
        ERROR_LOG.info(() -> "MQTT client " + uid() + ": protocol error: " + LogText.quote(detail));
        disconnect(ReasonCode.PROTOCOL_ERROR, CloseCodes.PROTOCOL_ERROR, detail);
    }

    /**
     * Ends the connection: after CONNECT, a 5.0 client is told why in a DISCONNECT first; a 3.1.1
     * client (which has no server DISCONNECT) reads it in the WebSocket close reason.
     */
    private void disconnect(ReasonCode reason, int closeCode, String detail) {
        if (session != null && version != null && version.isV5()) {
            outbox.reply(encode(new Packet.Disconnect(reason, reasonString(detail))));
            outbox.closeAfterFlush(closeCode, closeReason(detail));
        } else {
            outbox.close(closeCode, closeReason(detail));
        }
    }

    /** A CONNECT that may not go on: CONNACK with the reason (3.1.1: its return code), then close. */
    private void refuse(ReasonCode reason, String detail) {
        ERROR_LOG.info(() -> "MQTT connection refused: " + LogText.quote(detail));
        outbox.reply(encode(new Packet.Connack(false, reason, reasonString(detail))));
        outbox.closeAfterFlush(CloseCodes.FORBIDDEN, closeReason(detail));
    }

    private Properties reasonString(String detail) {
        return version.isV5() ? Properties.builder().string(Property.REASON_STRING, detail).build() : Properties.EMPTY;
    }

    private String encode(Packet packet) {
        return BinaryFrames.carry(MqttEncoder.encode(packet, version));
    }

    private String uid() {
        Session current = session;
        return current == null ? "(before CONNECT)" : current.uid();
    }

    private static String closeReason(String detail) {
        return detail.length() <= MAX_CLOSE_REASON / 3 ? detail : detail.substring(0, MAX_CLOSE_REASON / 3);
    }
}

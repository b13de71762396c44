package io.watchbox.internal.core;

import io.watchbox.WatchboxAuthenticationException;
import io.watchbox.WatchboxAuthenticator.Handshake;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.mqtt.PublishProperties;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.mqtt.session.OutboundWindow;
import io.watchbox.internal.protocol.CloseCodes;
import io.watchbox.internal.routing.BadGroupException;
import io.watchbox.internal.routing.GroupName;
import io.watchbox.internal.session.NotOwnerException;
import io.watchbox.internal.session.Session;
import io.watchbox.internal.session.SessionRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The CONNECT of one MQTT connection: who the client is, which session it gets, and the CONNACK.
 * It keeps what the handshake said only until then.
 */
final class MqttSessionStart {

    private static final Logger ERROR_LOG = LoggingLevel.error();
    /** What {@code GET /clients} says an MQTT session speaks. */
    private static final String PROTOCOL = "mqtt";

    private final MqttLink link;
    private Map<String, List<String>> parameters;
    private Handshake handshake;
    private WatchboxIdentity containerUser;

    MqttSessionStart(MqttLink link, Map<String, List<String>> parameters, Handshake handshake,
                     WatchboxIdentity containerUser) {
        this.link = link;
        this.parameters = parameters;
        this.handshake = handshake;
        this.containerUser = containerUser;
    }

    /**
     * Answers the CONNECT; the link has the session once it is accepted.
     *
     * @param keepAlive told the keep alive the client is held to, once accepted
     * @param delivery  started once accepted, before the session's messages flow
     * @param will      armed with the CONNECT's will once accepted
     */
    void connect(Packet.Connect connect, OpenSocket socket, MqttKeepAlive keepAlive, MqttDelivery delivery,
                 MqttWill will) {
        Broker broker = link.broker;
        broker.greeted(socket);
        link.speaks(connect.version());
        link.problemInformation(connect.properties().number(Property.REQUEST_PROBLEM_INFORMATION).orElse(1) == 1);
        Handshake said = handshake;
        Map<String, List<String>> query = parameters;
        WatchboxIdentity user = containerUser;
        handshake = null;
        parameters = null;
        containerUser = null;
        // The password carries the token a JSON client sends in its hello; the user name is not used.
        String token = connect.password().map(p -> new String(p.toByteArray(), StandardCharsets.UTF_8)).orElse(null);
        WatchboxIdentity identity;
        try {
            identity = broker.authenticate(token, said, user);
        } catch (WatchboxAuthenticationException e) {
            link.refuse(token == null ? ReasonCode.NOT_AUTHORIZED : ReasonCode.BAD_USER_NAME_OR_PASSWORD, e.getMessage());
            return;
        }
        String clientId = connect.clientId();
        boolean assigned = clientId.isEmpty();
        if (assigned && !connect.cleanStart() && !link.isV5()) {
            link.refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "an empty client id needs a clean session");
            return;
        }
        if (!assigned && !SessionRegistry.isValidUid(clientId)) {
            link.refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "the client id must be 1-64 characters of [A-Za-z0-9_-]");
            return;
        }
        int maxKeepAlive = broker.settings().mqttmaxkeepalive();
        if (!link.isV5() && connect.keepAliveSeconds() > maxKeepAlive) {
            // 3.1.1 has no Server Keep Alive to tell the client to ping sooner, and closing it before
            // the keep alive it asked for would look like a network failure: refused, as Mosquitto does.
            link.refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "keep alive " + connect.keepAliveSeconds()
                    + " s is above the server's maximum of " + maxKeepAlive + " s");
            return;
        }
        if (connect.will().isPresent() && !willIsValid(connect.will().get())) {
            return;
        }
        if (!broker.mayConnect(assigned ? null : clientId, identity, query)) {
            link.refuse(ReasonCode.NOT_AUTHORIZED, "not allowed to connect");
            return;
        }
        SessionRegistry.Attachment attachment = attach(connect, assigned ? null : clientId, identity);
        if (attachment == null) {
            return;
        }
        Session session = attachment.session();
        boolean present = attachment.resumed() && !connect.cleanStart();
        if (attachment.resumed() && connect.cleanStart()) {
            // A clean start on a live session: it goes on without its old subscriptions and MQTT state.
            for (String filter : List.copyOf(session.groups())) {
                broker.unsubscribe(session, filter);
            }
        }
        link.attached(session, present ? session.mqtt() : session.startMqttAfresh());
        link.topicAliases.keepIn(link.state().aliasHistory());
        if (attachment.resumed()) {
            // The client is back: a will of its last connection that waits for its delay is not
            // published if the session goes on, and is published now if a clean start ends it.
            broker.settleWill(session, present);
        }
        connect.will().ifPresent(will::arm);
        session.speaks(PROTOCOL);
        long expiry = expirySeconds(connect, identity);
        session.expiresAfter(expiry * 1000);
        // Its expiry and MQTT subscriptions to the session's mirror; a state started afresh over whatever it had.
        broker.describeToMirror(session);
        if (!present) {
            broker.mqttMirror().whole(session);
        }
        broker.expiresAt(socket, identity);
        int keepAliveSeconds = keepAliveSeconds(connect, maxKeepAlive);
        keepAlive.start(keepAliveSeconds);
        link.outbox.reply(link.encode(new Packet.Connack(present, ReasonCode.SUCCESS,
                connackProperties(connect, assigned, expiry, keepAliveSeconds))));
        delivery.start(link, window(connect), connect.properties().number(Property.MAXIMUM_PACKET_SIZE)
                .orElse(Long.MAX_VALUE), present);
        link.outbox.bind(session);
    }

    /**
     * The session of the CONNECT, attached to this connection; null when it is refused (answered
     * and closing). A client that continues its session gets what was queued after the last message
     * it was given.
     *
     * @param uid the client id, or null for one to be assigned
     */
    private SessionRegistry.Attachment attach(Packet.Connect connect, String uid, WatchboxIdentity identity) {
        Broker broker = link.broker;
        // The session's MQTT state says where to go on, here or on the replica it moves from.
        Long since = connect.cleanStart() || uid == null ? null : Session.AFTER_LAST_TAKEN;
        SessionRegistry.Attachment attachment;
        try {
            attachment = broker.hello(uid, since, null, identity, link.outbox);
        } catch (NotOwnerException e) {
            boolean owned = broker.liveSession(uid).map(Session::hasOwner).orElse(false);
            // Another user's session, or a connected anonymous one: neither is handed to this client.
            link.refuse(owned ? ReasonCode.NOT_AUTHORIZED : ReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    owned ? "the client id is another user's session" : "the client id is in use by another client");
            return null;
        } catch (HolderBusyException e) {
            // The session is whole where it is: the client's next CONNECT continues it.
            refuseAsBusy(e.getMessage());
            return null;
        }
        if (attachment == null && !link.outbox.isClosing()) {
            String reason = "server full: " + broker.settings().maxclients() + " sessions";
            ERROR_LOG.info(() -> "MQTT connection refused: " + reason);
            refuseAsBusy(reason);
        }
        return attachment;
    }

    /** CONNACK "server busy" (3.1.1: "server unavailable"), and the connection closes with 1013: try again later. */
    private void refuseAsBusy(String reason) {
        link.outbox.reply(link.encode(new Packet.Connack(false, ReasonCode.SERVER_BUSY, Properties.EMPTY)));
        link.outbox.closeAfterFlush(CloseCodes.TRY_AGAIN_LATER, reason);
    }

    /**
     * Whether the will can be published: its topic and its Response Topic follow the group rules, and
     * its payload is UTF-8 when its Payload Format Indicator says so.
     */
    private boolean willIsValid(Packet.Will will) {
        try {
            GroupName.checkTopic(will.topic());
        } catch (BadGroupException e) {
            link.refuse(ReasonCode.TOPIC_NAME_INVALID, "will topic: " + e.getMessage());
            return false;
        }
        try {
            PublishProperties.received(will.properties(), 0);
        } catch (BadGroupException e) {
            link.refuse(ReasonCode.TOPIC_NAME_INVALID, "will " + e.getMessage());
            return false;
        }
        if (MqttPayload.ofWill(will).isEmpty()) {
            link.refuse(ReasonCode.PAYLOAD_FORMAT_INVALID, "the will's payload format indicator says UTF-8, but it is not");
            return false;
        }
        return true;
    }

    /**
     * How long the session outlives the connection, in seconds: what the client asks (3.1.1: clean
     * session 0 asks for ever), at most {@code watchbox.mqtt.maxsessionexpiry}. An anonymous
     * client's session ends with its connection: nothing but the client id, which is public, would
     * tell its owner from anyone else (see docs/mqtt.md).
     */
    long expirySeconds(Packet.Connect connect, WatchboxIdentity identity) {
        if (identity == null) {
            return 0;
        }
        long asked = link.isV5() ? connect.properties().number(Property.SESSION_EXPIRY_INTERVAL).orElse(0)
                : connect.cleanStart() ? 0 : Long.MAX_VALUE;
        return Math.min(asked, link.broker.settings().mqttmaxsessionexpiry());
    }

    /**
     * The keep alive the client is held to, in seconds: the one it asked for, except that a 5.0 client
     * asking for none, or for more than {@code watchbox.mqtt.maxkeepalive}, gets the maximum (and is
     * told so in CONNACK). A 3.1.1 client's 0 stays 0: it cannot be told, and {@code watchbox.timeout}
     * then ends its session when it stays silent, as a JSON client's.
     */
    private int keepAliveSeconds(Packet.Connect connect, int maxKeepAlive) {
        int asked = connect.keepAliveSeconds();
        return link.isV5() && (asked == 0 || asked > maxKeepAlive) ? maxKeepAlive : asked;
    }

    /**
     * How many QoS 1 and 2 messages may be in flight to the client: its Receive Maximum (5.0; 65,535
     * if it says none), and at most {@code listlimit}, the most messages a session keeps for its client.
     */
    private int window(Packet.Connect connect) {
        long receiveMaximum = connect.properties().number(Property.RECEIVE_MAXIMUM).orElse(OutboundWindow.MAX_IDS);
        return (int) Math.min(receiveMaximum, link.broker.settings().listlimit());
    }

    /** What a 5.0 CONNACK announces: the limits this broker sets, so that the client keeps within them. */
    private Properties connackProperties(Packet.Connect connect, boolean assigned, long expiry, int keepAliveSeconds) {
        if (!link.isV5()) {
            return Properties.EMPTY;
        }
        // Maximum QoS, Retain Available and Wildcard Subscription Available are left out: their absence means all.
        Properties.Builder properties = Properties.builder()
                .number(Property.RECEIVE_MAXIMUM, MqttInbound.RECEIVE_MAXIMUM)
                .number(Property.SHARED_SUBSCRIPTION_AVAILABLE, 1)
                .number(Property.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 1)
                .number(Property.MAXIMUM_PACKET_SIZE, link.broker.settings().maxmessage());
        link.topicAliases.announce(properties);
        if (connect.properties().number(Property.SESSION_EXPIRY_INTERVAL).orElse(0) != expiry) {
            properties.number(Property.SESSION_EXPIRY_INTERVAL, expiry); // less than asked: capped, or anonymous
        }
        if (keepAliveSeconds != connect.keepAliveSeconds()) {
            properties.number(Property.SERVER_KEEP_ALIVE, keepAliveSeconds); // the client must use it (MQTT-3.2.2-21)
        }
        if (assigned) {
            properties.string(Property.ASSIGNED_CLIENT_IDENTIFIER, link.session().uid());
        }
        return properties.build();
    }
}

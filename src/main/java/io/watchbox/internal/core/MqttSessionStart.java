package io.watchbox.internal.core;

import io.watchbox.WatchboxAuthenticationException;
import io.watchbox.WatchboxAuthenticator.Handshake;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.mqtt.session.OutboundWindow;
import io.watchbox.internal.protocol.CloseCodes;
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
     * @param keepAlive told the keep alive the client asked for, once accepted
     * @param delivery  started once accepted, before the session's messages flow
     */
    void connect(Packet.Connect connect, OpenSocket socket, MqttKeepAlive keepAlive, MqttDelivery delivery) {
        Broker broker = link.broker;
        broker.greeted(socket);
        link.speaks(connect.version());
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
        if (!broker.mayConnect(assigned ? null : clientId, identity, query)) {
            link.refuse(ReasonCode.NOT_AUTHORIZED, "not allowed to connect");
            return;
        }
        SessionRegistry.Attachment attachment;
        try {
            attachment = broker.hello(assigned ? null : clientId, null, null, identity, link.outbox);
        } catch (NotOwnerException e) {
            link.refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "the client id is in use by another client");
            return;
        }
        if (attachment == null) {
            if (!link.outbox.isClosing()) {
                String reason = "server full: " + broker.settings().maxclients() + " sessions";
                ERROR_LOG.info(() -> "MQTT connection refused: " + reason);
                link.outbox.reply(link.encode(new Packet.Connack(false, ReasonCode.SERVER_BUSY, Properties.EMPTY)));
                link.outbox.closeAfterFlush(CloseCodes.TRY_AGAIN_LATER, reason);
            }
            return;
        }
        Session session = attachment.session();
        link.attached(session, session.startMqttAfresh());
        session.speaks(PROTOCOL);
        if (attachment.resumed()) {
            // The same user took its session over: a clean session starts without the old subscriptions.
            for (String filter : List.copyOf(session.groups())) {
                broker.unsubscribe(session, filter);
            }
        }
        broker.expiresAt(socket, identity);
        keepAlive.start(connect.keepAliveSeconds());
        link.outbox.reply(link.encode(new Packet.Connack(false, ReasonCode.SUCCESS, connackProperties(connect, assigned))));
        delivery.start(link, window(connect), connect.properties().number(Property.MAXIMUM_PACKET_SIZE)
                .orElse(Long.MAX_VALUE), false);
        link.outbox.bind(session);
    }

    /**
     * How many QoS 1 and 2 messages may be in flight to the client: its Receive Maximum (5.0; 65,535
     * if it says none), and at most {@code listlimit}, the most messages a session keeps for its client.
     */
    private int window(Packet.Connect connect) {
        long receiveMaximum = connect.properties().number(Property.RECEIVE_MAXIMUM).orElse(OutboundWindow.MAX_IDS);
        return (int) Math.min(receiveMaximum, link.broker.settings().listlimit());
    }

    /** What a 5.0 CONNACK announces: what this broker does not do, so that the client does not ask. */
    private Properties connackProperties(Packet.Connect connect, boolean assigned) {
        if (!link.isV5()) {
            return Properties.EMPTY;
        }
        // Maximum QoS is left out: its absence means QoS 2.
        Properties.Builder properties = Properties.builder()
                .number(Property.RETAIN_AVAILABLE, 0)
                .number(Property.SHARED_SUBSCRIPTION_AVAILABLE, 0)
                .number(Property.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 0)
                .number(Property.MAXIMUM_PACKET_SIZE, link.broker.settings().maxmessage());
        if (connect.properties().number(Property.SESSION_EXPIRY_INTERVAL).orElse(0) > 0) {
            properties.number(Property.SESSION_EXPIRY_INTERVAL, 0); // sessions end with their connection
        }
        if (assigned) {
            properties.string(Property.ASSIGNED_CLIENT_IDENTIFIER, link.session().uid());
        }
        return properties.build();
    }
}

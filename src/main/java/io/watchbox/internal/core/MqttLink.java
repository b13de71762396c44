package io.watchbox.internal.core;

import io.watchbox.internal.access.LogText;
import io.watchbox.internal.core.relay.MqttMark;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.mqtt.TopicAliases;
import io.watchbox.internal.mqtt.codec.MqttEncoder;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.mqtt.session.MqttSessionState;
import io.watchbox.internal.protocol.CloseCodes;
import io.watchbox.internal.session.BinaryFrames;
import io.watchbox.internal.session.Outbox;
import io.watchbox.internal.session.Session;
import java.util.logging.Logger;

/**
 * What the parts of one MQTT connection share: its outbox and ordered replies, the version and
 * session its CONNECT settled, and the ways it answers, refuses and says goodbye. The version and
 * session are set once, on the container's thread; the outbox's sending thread reads them too.
 */
final class MqttLink {

    private static final Logger ERROR_LOG = LoggingLevel.error();
    /** A WebSocket close reason is at most 123 bytes. */
    private static final int MAX_CLOSE_REASON = 120;

    final Broker broker;
    final Outbox outbox;
    final OrderedReplies replies;
    /** The client's topic aliases; the maximum is read once, so that CONNACK and the checks agree. */
    final TopicAliases topicAliases;
    private volatile MqttVersion version;
    /** 5.0 Request Problem Information: 0 asks for no Reason String beyond CONNACK, DISCONNECT and PUBLISH. */
    private volatile boolean problemInformation = true;
    private volatile Session session;
    private volatile MqttSessionState state;

    MqttLink(Broker broker, Outbox outbox) {
        this.broker = broker;
        this.outbox = outbox;
        this.replies = new OrderedReplies(outbox);
        this.topicAliases = new TopicAliases(broker.settings().mqtttopicaliasmax());
    }

    MqttVersion version() {
        return version;
    }

    void speaks(MqttVersion connected) {
        version = connected;
    }

    /** What the CONNECT's Request Problem Information asked (absent: 1, problem information wanted). */
    void problemInformation(boolean wanted) {
        problemInformation = wanted;
    }

    /** The session, or null before a CONNECT was accepted. */
    Session session() {
        return session;
    }

    void attached(Session attached, MqttSessionState kept) {
        state = kept;
        session = attached;
    }

    /** The session's MQTT state, or null before a CONNECT was accepted. */
    MqttSessionState state() {
        return state;
    }

    boolean isV5() {
        return version != null && version.isV5();
    }

    String uid() {
        Session current = session;
        return current == null ? "(before CONNECT)" : current.uid();
    }

    String encode(Packet packet) {
        return BinaryFrames.carry(MqttEncoder.encode(packet, version));
    }

    /** Sends a reply in the order of the requests (see {@link OrderedReplies}). */
    void reply(Packet packet) {
        replies.send(encode(packet));
    }

    /**
     * The reason of a PUBREL or PUBCOMP: success, or for an identifier the session does not know,
     * 5.0's "packet identifier not found" (3.1.1 has no such code, so it says success).
     */
    ReasonCode identifierReason(boolean known) {
        return known || !isV5() ? ReasonCode.SUCCESS : ReasonCode.PACKET_IDENTIFIER_NOT_FOUND;
    }

    /**
     * Sends the answer to a QoS 2 step once the session's mirror has the mark the step made; the
     * answer to an identifier the session does not know changes nothing, so it goes at once.
     */
    void acknowledgeOnceMarked(boolean known, Packet answer, MqttMark mark) {
        if (!known) {
            reply(answer);
            return;
        }
        replies.sendOnceDone(broker.mqttMirror().mark(session, mark), encode(answer));
    }

    /** The Reason String of a CONNACK or DISCONNECT (5.0 only). */
    Properties reasonString(String detail) {
        return isV5() ? Properties.builder().string(Property.REASON_STRING, detail).build() : Properties.EMPTY;
    }

    /**
     * The Reason String of an acknowledgement (PUBACK, PUBREC...): left out when the client set
     * Request Problem Information to 0 (MQTT-3.1.2-29); the reason code still says what happened.
     */
    Properties acknowledgementReason(String detail) {
        return problemInformation ? reasonString(detail) : Properties.EMPTY;
    }

    void protocolError(String detail) {
        ERROR_LOG.info(() -> "MQTT client " + uid() + ": protocol error: " + LogText.quote(detail));
        disconnect(ReasonCode.PROTOCOL_ERROR, CloseCodes.PROTOCOL_ERROR, detail);
    }

    /**
     * Ends the connection: after CONNECT, a 5.0 client is told why in a DISCONNECT first; a 3.1.1
     * client (which has no server DISCONNECT) reads it in the WebSocket close reason.
     */
    void disconnect(ReasonCode reason, int closeCode, String detail) {
        if (session != null && isV5()) {
            outbox.reply(encode(new Packet.Disconnect(reason, reasonString(detail))));
            outbox.closeAfterFlush(closeCode, closeReason(detail));
        } else {
            outbox.close(closeCode, closeReason(detail));
        }
    }

    /** A CONNECT that may not go on: CONNACK with the reason (3.1.1: its return code), then close. */
    void refuse(ReasonCode reason, String detail) {
        ERROR_LOG.info(() -> "MQTT connection refused: " + LogText.quote(detail));
        outbox.reply(encode(new Packet.Connack(false, reason, reasonString(detail))));
        outbox.closeAfterFlush(CloseCodes.FORBIDDEN, closeReason(detail));
    }

    static String closeReason(String detail) {
        return detail.length() <= MAX_CLOSE_REASON / 3 ? detail : detail.substring(0, MAX_CLOSE_REASON / 3);
    }
}

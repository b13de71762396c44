package io.watchbox.internal.mqtt.codec;

import static io.watchbox.internal.mqtt.codec.MalformedPacket.malformed;
import static io.watchbox.internal.mqtt.codec.MalformedPacket.protocolError;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one packet's variable header and payload, once the fixed header was checked and the whole
 * body is in. Every rule of the packet's own layout is checked here; rules that need a session's
 * state (topic alias maximum, receive maximum, topic and filter syntax) are the session's.
 */
final class PacketReader {

    private final boolean atServer;
    private final BodyReader in = new BodyReader(new byte[0]);
    /** The version the last CONNECT named, known even when the rest of that CONNECT was refused. */
    private MqttVersion connectVersion;

    PacketReader(boolean atServer) {
        this.atServer = atServer;
    }

    MqttVersion connectVersion() {
        return connectVersion;
    }

    Packet read(PacketType type, int flags, byte[] body, MqttVersion version) throws MalformedPacket {
        in.reset(body);
        Packet packet = readBody(type, flags, in, version);
        in.expectEnd(type.toString());
        return packet;
    }

    private Packet readBody(PacketType type, int flags, BodyReader in, MqttVersion version) throws MalformedPacket {
        switch (type) {
            case CONNECT: return connect(in);
            case CONNACK: return connack(in, version);
            case PUBLISH: return publish(flags, in, version);
            case PUBACK: return new Packet.Puback(in.packetId(), ackReason(in, type, version), ackProperties(in, type, version));
            case PUBREC: return new Packet.Pubrec(in.packetId(), ackReason(in, type, version), ackProperties(in, type, version));
            case PUBREL: return new Packet.Pubrel(in.packetId(), ackReason(in, type, version), ackProperties(in, type, version));
            case PUBCOMP: return new Packet.Pubcomp(in.packetId(), ackReason(in, type, version), ackProperties(in, type, version));
            case SUBSCRIBE: return subscribe(in, version);
            case SUBACK: return suback(in, version);
            case UNSUBSCRIBE: return unsubscribe(in, version);
            case UNSUBACK: return unsuback(in, version);
            case PINGREQ: return new Packet.Pingreq();
            case PINGRESP: return new Packet.Pingresp();
            case DISCONNECT: return new Packet.Disconnect(ackReason(in, type, version), ackProperties(in, type, version));
            default: return new Packet.Auth(ackReason(in, type, version), ackProperties(in, type, version));
        }
    }

    private Packet connect(BodyReader in) throws MalformedPacket {
        String protocolName = in.string("protocol name");
        int level = in.u8("protocol level");
        MqttVersion version = MqttVersion.of(protocolName, level);
        if (version == null) {
            throw new MalformedPacket(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION,
                    "protocol " + protocolName + " level " + level + " is not MQTT 3.1, 3.1.1 or 5.0");
        }
        connectVersion = version;
        int flags = in.u8("connect flags");
        if ((flags & 0x01) != 0) {
            throw malformed("the reserved connect flag is set (MQTT-3.1.2-3)");
        }
        boolean cleanStart = (flags & 0x02) != 0;
        boolean willFlag = (flags & 0x04) != 0;
        int willQos = flags >> 3 & 0x03;
        boolean willRetain = (flags & 0x20) != 0;
        boolean passwordFlag = (flags & 0x40) != 0;
        boolean userNameFlag = (flags & 0x80) != 0;
        if (willQos == 3) {
            throw malformed("will QoS 3 (MQTT-3.1.2-14)");
        }
        if (!willFlag && (willQos != 0 || willRetain)) {
            throw malformed("will QoS or will retain without a will (MQTT-3.1.2-11, MQTT-3.1.2-13)");
        }
        if (passwordFlag && !userNameFlag && !version.isV5()) {
            throw malformed("a password without a user name (MQTT-3.1.2-22)");
        }
        int keepAlive = in.u16("keep alive");
        Properties properties = version.isV5() ? in.properties(Property.Place.CONNECT, false) : Properties.EMPTY;
        if (properties.has(Property.AUTHENTICATION_DATA) && !properties.has(Property.AUTHENTICATION_METHOD)) {
            throw protocolError("authentication data without an authentication method");
        }
        String clientId = in.string("client identifier");
        Optional<Packet.Will> will = Optional.empty();
        if (willFlag) {
            Properties willProperties = version.isV5() ? in.properties(Property.Place.WILL, false) : Properties.EMPTY;
            String topic = in.string("will topic");
            Bytes payload = in.binary("will payload");
            will = Optional.of(new Packet.Will(topic, payload, willQos, willRetain, willProperties));
        }
        Optional<String> userName = userNameFlag ? Optional.of(in.string("user name")) : Optional.empty();
        Optional<Bytes> password = passwordFlag ? Optional.of(in.binary("password")) : Optional.empty();
        return new Packet.Connect(version, clientId, cleanStart, keepAlive, userName, password, will, properties);
    }

    private static Packet connack(BodyReader in, MqttVersion version) throws MalformedPacket {
        int ackFlags = in.u8("connect acknowledge flags");
        if ((ackFlags & 0xFE) != 0) {
            throw malformed("reserved connect acknowledge flags are set (MQTT-3.2.2-1)");
        }
        boolean sessionPresent = ackFlags == 1;
        int code = in.u8("connect reason code");
        ReasonCode reason = version.isV5() ? ReasonCode.of(code, PacketType.CONNACK) : ReasonCode.ofV3Connack(code);
        if (reason == null) {
            throw malformed(String.format("0x%02x is not a CONNACK code", code));
        }
        if (sessionPresent && reason.isError()) {
            throw protocolError("session present in a refusing CONNACK (MQTT-3.2.2-6)");
        }
        Properties properties = version.isV5() ? in.properties(Property.Place.CONNACK, false) : Properties.EMPTY;
        return new Packet.Connack(sessionPresent, reason, properties);
    }

    private Packet publish(int flags, BodyReader in, MqttVersion version) throws MalformedPacket {
        boolean dup = (flags & 0x08) != 0;
        int qos = flags >> 1 & 0x03;
        boolean retain = (flags & 0x01) != 0;
        if (qos == 0 && dup) {
            throw malformed("DUP set on a QoS 0 PUBLISH (MQTT-3.3.1-2)");
        }
        String topic = in.string("topic name");
        int packetId = qos > 0 ? in.packetId() : 0;
        // Several subscription identifiers come to a client, one per matching subscription; a client sends none (MQTT-3.3.4-6).
        Properties properties = version.isV5() ? in.properties(Property.Place.PUBLISH, !atServer) : Properties.EMPTY;
        if (atServer && properties.has(Property.SUBSCRIPTION_IDENTIFIER)) {
            throw protocolError("a client's PUBLISH carries a subscription identifier (MQTT-3.3.4-6)");
        }
        String responseTopic = properties.string(Property.RESPONSE_TOPIC).orElse(null);
        if (responseTopic != null
                && (responseTopic.isEmpty() || responseTopic.indexOf('+') >= 0 || responseTopic.indexOf('#') >= 0)) {
            throw protocolError("a Response Topic must be a topic name, without wildcards (MQTT-3.3.2-13, MQTT-3.3.2-14)");
        }
        if (topic.isEmpty() && !properties.has(Property.TOPIC_ALIAS)) {
            throw protocolError("a PUBLISH with neither a topic name nor a topic alias");
        }
        return new Packet.Publish(topic, in.rest(), qos, retain, dup, packetId, properties);
    }

    /**
     * The reason code of PUBACK, PUBREC, PUBREL, PUBCOMP, DISCONNECT and AUTH: absent in 3.1.1, and
     * in 5.0 left out when it is Success (or Normal disconnection) and nothing follows.
     */
    private static ReasonCode ackReason(BodyReader in, PacketType type, MqttVersion version) throws MalformedPacket {
        ReasonCode success = type == PacketType.DISCONNECT ? ReasonCode.NORMAL_DISCONNECTION : ReasonCode.SUCCESS;
        if (!version.isV5() || in.remaining() == 0) {
            return success;
        }
        int code = in.u8("reason code");
        ReasonCode reason = ReasonCode.of(code, type);
        if (reason == null) {
            throw malformed(String.format("0x%02x is not a %s reason code", code, type));
        }
        return reason;
    }

    /** The properties after {@link #ackReason}: their length may be left out when there are none. */
    private static Properties ackProperties(BodyReader in, PacketType type, MqttVersion version) throws MalformedPacket {
        if (!version.isV5() || in.remaining() == 0) {
            return Properties.EMPTY;
        }
        return in.properties(Property.Place.of(type), false);
    }

    private static Packet subscribe(BodyReader in, MqttVersion version) throws MalformedPacket {
        int packetId = in.packetId();
        Properties properties = version.isV5() ? in.properties(Property.Place.SUBSCRIBE, false) : Properties.EMPTY;
        List<Packet.Subscription> subscriptions = new ArrayList<>();
        while (in.remaining() > 0) {
            String filter = in.string("topic filter");
            int options = in.u8("subscription options");
            int qos = options & 0x03;
            if (qos == 3) {
                throw malformed("QoS 3 asked for " + filter + " (MQTT-3-8.3-4)");
            }
            if (!version.isV5()) {
                if ((options & 0xFC) != 0) {
                    throw malformed("reserved bits of the requested QoS are set (MQTT-3-8.3-4)");
                }
                subscriptions.add(Packet.Subscription.of(filter, qos));
                continue;
            }
            if ((options & 0xC0) != 0) {
                throw malformed("reserved bits of the subscription options are set (MQTT-3.8.3-5)");
            }
            boolean noLocal = (options & 0x04) != 0;
            boolean retainAsPublished = (options & 0x08) != 0;
            int retainHandling = options >> 4 & 0x03;
            if (retainHandling == 3) {
                throw protocolError("retain handling 3");
            }
            if (noLocal && filter.startsWith("$share/")) {
                throw protocolError("no local on the shared subscription " + filter + " (MQTT-3.8.3-4)");
            }
            subscriptions.add(new Packet.Subscription(filter, qos, noLocal, retainAsPublished, retainHandling));
        }
        if (subscriptions.isEmpty()) {
            throw protocolError("a SUBSCRIBE without a topic filter (MQTT-3.8.3-3)");
        }
        return new Packet.Subscribe(packetId, subscriptions, properties);
    }

    private static Packet suback(BodyReader in, MqttVersion version) throws MalformedPacket {
        int packetId = in.packetId();
        Properties properties = version.isV5() ? in.properties(Property.Place.SUBACK, false) : Properties.EMPTY;
        List<ReasonCode> reasons = new ArrayList<>();
        while (in.remaining() > 0) {
            int code = in.u8("SUBACK code");
            ReasonCode reason = version.isV5() || code <= 2 || code == 0x80 ? ReasonCode.of(code, PacketType.SUBACK) : null;
            if (reason == null) {
                throw malformed(String.format("0x%02x is not a SUBACK code", code));
            }
            reasons.add(reason);
        }
        if (reasons.isEmpty()) {
            throw protocolError("a SUBACK without a return code");
        }
        return new Packet.Suback(packetId, reasons, properties);
    }

    private static Packet unsubscribe(BodyReader in, MqttVersion version) throws MalformedPacket {
        int packetId = in.packetId();
        Properties properties = version.isV5() ? in.properties(Property.Place.UNSUBSCRIBE, false) : Properties.EMPTY;
        List<String> filters = new ArrayList<>();
        while (in.remaining() > 0) {
            filters.add(in.string("topic filter"));
        }
        if (filters.isEmpty()) {
            throw protocolError("an UNSUBSCRIBE without a topic filter (MQTT-3.10.3-2)");
        }
        return new Packet.Unsubscribe(packetId, filters, properties);
    }

    private static Packet unsuback(BodyReader in, MqttVersion version) throws MalformedPacket {
        int packetId = in.packetId();
        if (!version.isV5()) {
            return new Packet.Unsuback(packetId, List.of(), Properties.EMPTY);
        }
        Properties properties = in.properties(Property.Place.UNSUBACK, false);
        List<ReasonCode> reasons = new ArrayList<>();
        while (in.remaining() > 0) {
            int code = in.u8("UNSUBACK reason code");
            ReasonCode reason = ReasonCode.of(code, PacketType.UNSUBACK);
            if (reason == null) {
                throw malformed(String.format("0x%02x is not an UNSUBACK reason code", code));
            }
            reasons.add(reason);
        }
        if (reasons.isEmpty()) {
            throw protocolError("an UNSUBACK without a reason code");
        }
        return new Packet.Unsuback(packetId, reasons, properties);
    }
}

package io.watchbox.internal.mqtt.codec;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Writes packets for one protocol version. For 3.1.1 (and 3.1) it leaves out what those versions do
 * not have: properties, and reason codes other than CONNACK's return codes (mapped by
 * {@link ReasonCode#v3ConnackCode()}) and SUBACK's 0x00, 0x01, 0x02 and 0x80. In 5.0 it uses the
 * short forms the spec allows (an acknowledgement of Success without properties is 2 bytes long).
 * It refuses, with an {@link IllegalArgumentException}, what the version cannot say: AUTH before
 * 5.0, a 3.1.1 password without a user name, a 5.0 UNSUBACK without reason codes, strings that are
 * not MQTT strings.
 */
public final class MqttEncoder {

    private MqttEncoder() {
    }

    /** The packet's bytes, fixed header included. */
    public static byte[] encode(Packet packet, MqttVersion version) {
        int remaining = remainingLength(packet, version);
        byte[] bytes = new byte[1 + Varint.size(remaining) + remaining];
        write(packet, version, remaining, ByteBuffer.wrap(bytes));
        return bytes;
    }

    /** Writes the packet at {@code out}'s position, which moves past it; {@code out} must have {@link #size} bytes left. */
    public static void encode(Packet packet, MqttVersion version, ByteBuffer out) {
        int remaining = remainingLength(packet, version);
        int size = 1 + Varint.size(remaining) + remaining;
        if (out.remaining() < size) {
            throw new IllegalArgumentException("a " + packet.type() + " of " + size + " bytes, " + out.remaining() + " left");
        }
        write(packet, version, remaining, out);
    }

    /** The packet's size in bytes, what a peer's Maximum Packet Size is compared with. */
    public static int size(Packet packet, MqttVersion version) {
        int remaining = remainingLength(packet, version);
        return 1 + Varint.size(remaining) + remaining;
    }

    static int remainingLength(Packet packet, MqttVersion version) {
        Sink.Counter counter = new Sink.Counter();
        body(packet, version, counter);
        return counter.count();
    }

    private static void write(Packet packet, MqttVersion version, int remaining, ByteBuffer out) {
        Sink.Buffer sink = new Sink.Buffer(out);
        sink.u8(packet.type().number() << 4 | flags(packet));
        sink.varint(remaining);
        body(packet, version, sink);
    }

    private static int flags(Packet packet) {
        if (packet instanceof Packet.Publish publish) {
            return (publish.dup() ? 0x08 : 0) | publish.qos() << 1 | (publish.retain() ? 0x01 : 0);
        }
        return packet.type().requiredFlags();
    }

    private static void body(Packet packet, MqttVersion version, Sink out) {
        boolean v5 = version.isV5();
        if (packet instanceof Packet.Connect connect) {
            connect(connect, version, out);
        } else if (packet instanceof Packet.Connack connack) {
            out.u8(connack.sessionPresent() && version != MqttVersion.V3_1 ? 1 : 0);
            out.u8(v5 ? connack.reason().value() : connack.reason().v3ConnackCode());
            properties(connack.properties(), v5, out);
        } else if (packet instanceof Packet.Publish publish) {
            out.string(publish.topic());
            if (publish.qos() > 0) {
                out.u16(publish.packetId());
            }
            properties(publish.properties(), v5, out);
            out.bytes(publish.payload());
        } else if (packet instanceof Packet.Puback ack) {
            ack(ack.packetId(), ack.reason(), ack.properties(), v5, out);
        } else if (packet instanceof Packet.Pubrec ack) {
            ack(ack.packetId(), ack.reason(), ack.properties(), v5, out);
        } else if (packet instanceof Packet.Pubrel ack) {
            ack(ack.packetId(), ack.reason(), ack.properties(), v5, out);
        } else if (packet instanceof Packet.Pubcomp ack) {
            ack(ack.packetId(), ack.reason(), ack.properties(), v5, out);
        } else if (packet instanceof Packet.Subscribe subscribe) {
            out.u16(subscribe.packetId());
            properties(subscribe.properties(), v5, out);
            for (Packet.Subscription subscription : subscribe.subscriptions()) {
                out.string(subscription.filter());
                out.u8(v5 ? options(subscription) : subscription.maxQos());
            }
        } else if (packet instanceof Packet.Suback suback) {
            out.u16(suback.packetId());
            properties(suback.properties(), v5, out);
            for (ReasonCode reason : suback.reasons()) {
                out.u8(v5 || !reason.isError() ? reason.value() : 0x80);
            }
        } else if (packet instanceof Packet.Unsubscribe unsubscribe) {
            out.u16(unsubscribe.packetId());
            properties(unsubscribe.properties(), v5, out);
            unsubscribe.filters().forEach(out::string);
        } else if (packet instanceof Packet.Unsuback unsuback) {
            out.u16(unsuback.packetId());
            if (v5) {
                if (unsuback.reasons().isEmpty()) {
                    throw new IllegalArgumentException("a 5.0 UNSUBACK has a reason code per filter");
                }
                properties(unsuback.properties(), true, out);
                unsuback.reasons().forEach(reason -> out.u8(reason.value()));
            }
        } else if (packet instanceof Packet.Disconnect disconnect) {
            if (v5) {
                reasonAndProperties(disconnect.reason(), ReasonCode.NORMAL_DISCONNECTION, disconnect.properties(), out);
            }
        } else if (packet instanceof Packet.Auth auth) {
            if (!v5) {
                throw new IllegalArgumentException("AUTH is MQTT 5.0 only");
            }
            reasonAndProperties(auth.reason(), ReasonCode.SUCCESS, auth.properties(), out);
        }
        // PINGREQ and PINGRESP have no body.
    }

    private static void connect(Packet.Connect connect, MqttVersion version, Sink out) {
        if (connect.version() != version) {
            throw new IllegalArgumentException("a " + connect.version() + " CONNECT written as " + version);
        }
        boolean v5 = version.isV5();
        if (connect.password().isPresent() && connect.userName().isEmpty() && !v5) {
            throw new IllegalArgumentException("a password without a user name is 5.0 only (MQTT-3.1.2-22)");
        }
        out.string(version.protocolName());
        out.u8(version.level());
        int flags = (connect.cleanStart() ? 0x02 : 0)
                | (connect.userName().isPresent() ? 0x80 : 0)
                | (connect.password().isPresent() ? 0x40 : 0);
        if (connect.will().isPresent()) {
            Packet.Will will = connect.will().get();
            flags |= 0x04 | will.qos() << 3 | (will.retain() ? 0x20 : 0);
        }
        out.u8(flags);
        out.u16(connect.keepAliveSeconds());
        properties(connect.properties(), v5, out);
        out.string(connect.clientId());
        connect.will().ifPresent(will -> {
            properties(will.properties(), v5, out);
            out.string(will.topic());
            out.binary(will.payload());
        });
        connect.userName().ifPresent(out::string);
        connect.password().ifPresent(out::binary);
    }

    private static int options(Packet.Subscription subscription) {
        return subscription.maxQos()
                | (subscription.noLocal() ? 0x04 : 0)
                | (subscription.retainAsPublished() ? 0x08 : 0)
                | subscription.retainHandling() << 4;
    }

    /** PUBACK, PUBREC, PUBREL, PUBCOMP: 3.1.1 has only the packet id. */
    private static void ack(int packetId, ReasonCode reason, Properties properties, boolean v5, Sink out) {
        out.u16(packetId);
        if (v5) {
            reasonAndProperties(reason, ReasonCode.SUCCESS, properties, out);
        }
    }

    /** The 5.0 tail of acknowledgements, DISCONNECT and AUTH, in its shortest form. */
    private static void reasonAndProperties(ReasonCode reason, ReasonCode success, Properties properties, Sink out) {
        if (reason == success && properties.isEmpty()) {
            return;
        }
        out.u8(reason.value());
        if (!properties.isEmpty()) {
            properties(properties, true, out);
        }
    }

    /** The property length and the properties, in 5.0; nothing before. */
    private static void properties(Properties properties, boolean v5, Sink out) {
        if (!v5) {
            return;
        }
        Sink.Counter counter = new Sink.Counter();
        propertyList(properties, counter);
        out.varint(counter.count());
        propertyList(properties, out);
    }

    private static void propertyList(Properties properties, Sink out) {
        for (Map.Entry<Property, Object> entry : properties.singleValued().entrySet()) {
            Property property = entry.getKey();
            out.varint(property.id());
            Object value = entry.getValue();
            switch (property.type()) {
                case BYTE: out.u8(((Long) value).intValue()); break;
                case TWO_BYTE_INTEGER: out.u16(((Long) value).intValue()); break;
                case FOUR_BYTE_INTEGER: out.u32((Long) value); break;
                case VARIABLE_BYTE_INTEGER: out.varint(((Long) value).intValue()); break;
                case UTF8_STRING: out.string((String) value); break;
                case BINARY_DATA: out.binary((Bytes) value); break;
                default: throw new IllegalStateException(property + " is not single-valued");
            }
        }
        for (UserProperty user : properties.userProperties()) {
            out.varint(Property.USER_PROPERTY.id());
            out.string(user.name());
            out.string(user.value());
        }
        for (int id : properties.subscriptionIdentifiers()) {
            out.varint(Property.SUBSCRIPTION_IDENTIFIER.id());
            out.varint(id);
        }
    }
}

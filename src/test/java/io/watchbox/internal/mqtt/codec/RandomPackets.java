package io.watchbox.internal.mqtt.codec;

import static io.watchbox.testing.Draw.between;

import io.watchbox.testing.Draw;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Valid packets drawn from a {@link Random}: every type, every property a packet may carry, strings
 * with 1- to 4-byte UTF-8 characters, payloads of any bytes. With {@code full}, every property the
 * place allows is there (the "all properties" case); else each one maybe.
 */
public final class RandomPackets {

    private RandomPackets() {
    }

    /** A packet that travels to a server ({@code toServer}) or to a client, other than CONNECT. */
    public static Packet after(Random random, MqttVersion version, boolean toServer) {
        List<PacketType> types = new ArrayList<>();
        for (PacketType type : PacketType.values()) {
            if (type != PacketType.CONNECT && type.travels(toServer, version)) {
                types.add(type);
            }
        }
        return of(random, Draw.oneOf(random, types), version, toServer, random.nextInt(4) == 0);
    }

    static Packet of(Random random, PacketType type, MqttVersion version, boolean toServer, boolean full) {
        boolean v5 = version.isV5();
        switch (type) {
            case CONNECT: return connect(random, version, full);
            case CONNACK: {
                ReasonCode reason = random.nextBoolean() ? ReasonCode.SUCCESS
                        : v5 ? reason(random, PacketType.CONNACK)
                        : Draw.oneOf(random, ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, ReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                                ReasonCode.SERVER_UNAVAILABLE, ReasonCode.BAD_USER_NAME_OR_PASSWORD, ReasonCode.NOT_AUTHORIZED);
                // 3.1 has no session present flag.
                return new Packet.Connack(!reason.isError() && version != MqttVersion.V3_1 && random.nextBoolean(), reason,
                        properties(random, v5, Property.Place.CONNACK, false, full));
            }
            case PUBLISH: return publish(random, version, toServer, full);
            case PUBACK: return new Packet.Puback(packetId(random), ackReason(random, type, v5), properties(random, v5, Property.Place.PUBACK, false, full));
            case PUBREC: return new Packet.Pubrec(packetId(random), ackReason(random, type, v5), properties(random, v5, Property.Place.PUBREC, false, full));
            case PUBREL: return new Packet.Pubrel(packetId(random), ackReason(random, type, v5), properties(random, v5, Property.Place.PUBREL, false, full));
            case PUBCOMP: return new Packet.Pubcomp(packetId(random), ackReason(random, type, v5), properties(random, v5, Property.Place.PUBCOMP, false, full));
            case SUBSCRIBE: return new Packet.Subscribe(packetId(random),
                    Draw.list(random, 1, 5, r -> subscription(r, v5)),
                    properties(random, v5, Property.Place.SUBSCRIBE, false, full));
            case SUBACK: return new Packet.Suback(packetId(random),
                    Draw.list(random, 1, 5, r -> v5 ? reason(r, PacketType.SUBACK)
                            : Draw.oneOf(r, ReasonCode.GRANTED_QOS_0, ReasonCode.GRANTED_QOS_1, ReasonCode.GRANTED_QOS_2, ReasonCode.UNSPECIFIED_ERROR)),
                    properties(random, v5, Property.Place.SUBACK, false, full));
            case UNSUBSCRIBE: return new Packet.Unsubscribe(packetId(random), Draw.list(random, 1, 5, r -> string(r, 1, 20)),
                    properties(random, v5, Property.Place.UNSUBSCRIBE, false, full));
            case UNSUBACK: return new Packet.Unsuback(packetId(random),
                    v5 ? Draw.list(random, 1, 5, r -> reason(r, PacketType.UNSUBACK)) : List.of(),
                    properties(random, v5, Property.Place.UNSUBACK, false, full));
            case PINGREQ: return new Packet.Pingreq();
            case PINGRESP: return new Packet.Pingresp();
            case DISCONNECT: return new Packet.Disconnect(v5 ? reason(random, type) : ReasonCode.NORMAL_DISCONNECTION,
                    properties(random, v5, Property.Place.DISCONNECT, false, full));
            default: return new Packet.Auth(reason(random, type), properties(random, v5, Property.Place.AUTH, false, full));
        }
    }

    public static Packet.Connect connect(Random random, MqttVersion version, boolean full) {
        boolean v5 = version.isV5();
        Optional<Packet.Will> will = full || random.nextBoolean()
                ? Optional.of(new Packet.Will(string(random, 1, 30), payload(random, 50), between(random, 0, 2), random.nextBoolean(),
                        properties(random, v5, Property.Place.WILL, false, full)))
                : Optional.empty();
        Optional<String> userName = full || random.nextBoolean() ? Optional.of(string(random, 0, 20)) : Optional.empty();
        Optional<Bytes> password = full || (userName.isPresent() || v5) && random.nextBoolean()
                ? Optional.of(payload(random, 40)) : Optional.empty();
        return new Packet.Connect(version, string(random, 0, 23), random.nextBoolean(), between(random, 0, 0xFFFF),
                userName, password, will, properties(random, v5, Property.Place.CONNECT, false, full));
    }

    static Packet.Publish publish(Random random, MqttVersion version, boolean toServer, boolean full) {
        int qos = between(random, 0, 2);
        Properties properties = properties(random, version.isV5(), Property.Place.PUBLISH, !toServer, full);
        String topic = properties.has(Property.TOPIC_ALIAS) && random.nextBoolean() ? "" : string(random, 1, 40);
        return new Packet.Publish(topic, payload(random, 300), qos, random.nextBoolean(), qos > 0 && random.nextBoolean(),
                qos > 0 ? packetId(random) : 0, properties);
    }

    static Packet.Subscription subscription(Random random, boolean v5) {
        String filter = random.nextInt(5) == 0 ? "$share/g/" + string(random, 1, 10) : string(random, 1, 30);
        if (!v5) {
            return Packet.Subscription.of(filter, between(random, 0, 2));
        }
        return new Packet.Subscription(filter, between(random, 0, 2), !filter.startsWith("$share/") && random.nextBoolean(),
                random.nextBoolean(), between(random, 0, 2));
    }

    static Properties properties(Random random, boolean v5, Property.Place place, boolean subscriptionIdsRepeat, boolean full) {
        if (!v5 || !full && random.nextInt(3) == 0) {
            return Properties.EMPTY;
        }
        Properties.Builder properties = Properties.builder();
        for (Property property : Property.values()) {
            if (!property.allowedIn(place) || !full && random.nextBoolean()) {
                continue;
            }
            if (property == Property.SUBSCRIPTION_IDENTIFIER) {
                if (place == Property.Place.SUBSCRIBE || subscriptionIdsRepeat) {
                    int count = place == Property.Place.SUBSCRIBE ? 1 : between(random, 1, 3);
                    for (int i = 0; i < count; i++) {
                        properties.subscriptionIdentifier(between(random, 1, Varint.MAX));
                    }
                }
                continue;
            }
            if (property == Property.RESPONSE_TOPIC) {
                // A topic name: not empty, no wildcards (MQTT-3.3.2-13, MQTT-3.3.2-14).
                properties.string(property, string(random, 1, 30).replace('+', 'p').replace('#', 'h'));
                continue;
            }
            switch (property.type()) {
                case UTF8_STRING: properties.string(property, string(random, 0, 30)); break;
                case BINARY_DATA: properties.binary(property, payload(random, 30)); break;
                case UTF8_STRING_PAIR:
                    for (int i = between(random, 1, 4); i > 0; i--) {
                        // Names repeat, so the order of pairs with one name matters.
                        properties.userProperty(Draw.oneOf(random, "a", "b", string(random, 0, 10)), string(random, 0, 20));
                    }
                    break;
                default: {
                    long max = property.type() == Property.Type.BYTE ? 0xFF : property.type() == Property.Type.TWO_BYTE_INTEGER ? 0xFFFF : 0xFFFF_FFFFL;
                    long value = edgy(random, max);
                    properties.number(property, property.accepts(value) ? value : 1);
                }
            }
        }
        Properties built = properties.build();
        if (built.has(Property.AUTHENTICATION_DATA) && !built.has(Property.AUTHENTICATION_METHOD)) {
            return properties.string(Property.AUTHENTICATION_METHOD, "SCRAM-SHA-1").build();
        }
        return built;
    }

    /** 0, 1, the maximum, or anything between. */
    private static long edgy(Random random, long max) {
        switch (random.nextInt(4)) {
            case 0: return 0;
            case 1: return 1;
            case 2: return max;
            default: return random.nextLong(max + 1);
        }
    }

    static ReasonCode reason(Random random, PacketType type) {
        List<ReasonCode> codes = new ArrayList<>();
        for (ReasonCode code : ReasonCode.values()) {
            if (code.allowedIn(type)) {
                codes.add(code);
            }
        }
        return Draw.oneOf(random, codes);
    }

    private static ReasonCode ackReason(Random random, PacketType type, boolean v5) {
        return v5 && random.nextBoolean() ? reason(random, type) : ReasonCode.SUCCESS;
    }

    static int packetId(Random random) {
        return random.nextInt(4) == 0 ? Draw.oneOf(random, 1, 0xFFFF) : between(random, 1, 0xFFFF);
    }

    static Bytes payload(Random random, int maxLength) {
        byte[] bytes = new byte[between(random, 0, maxLength)];
        random.nextBytes(bytes);
        return Bytes.copyOf(bytes);
    }

    /** A valid MQTT string: code points of 1 to 4 UTF-8 bytes, never U+0000 nor a surrogate. */
    static String string(Random random, int minCodePoints, int maxCodePoints) {
        StringBuilder text = new StringBuilder();
        for (int i = between(random, minCodePoints, maxCodePoints); i > 0; i--) {
            switch (random.nextInt(5)) {
                case 0: text.appendCodePoint(between(random, 0x80, 0x7FF)); break;
                case 1: text.appendCodePoint(random.nextBoolean() ? between(random, 0x800, 0xD7FF) : between(random, 0xE000, 0xFFFF)); break;
                case 2: text.appendCodePoint(between(random, 0x10000, 0x10FFFF)); break;
                default: text.appendCodePoint(between(random, 1, 0x7F)); break;
            }
        }
        return text.toString();
    }
}

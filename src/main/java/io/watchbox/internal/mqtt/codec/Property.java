package io.watchbox.internal.mqtt.codec;

import static io.watchbox.internal.mqtt.codec.Property.Place.AUTH;
import static io.watchbox.internal.mqtt.codec.Property.Place.CONNACK;
import static io.watchbox.internal.mqtt.codec.Property.Place.CONNECT;
import static io.watchbox.internal.mqtt.codec.Property.Place.DISCONNECT;
import static io.watchbox.internal.mqtt.codec.Property.Place.PUBACK;
import static io.watchbox.internal.mqtt.codec.Property.Place.PUBCOMP;
import static io.watchbox.internal.mqtt.codec.Property.Place.PUBLISH;
import static io.watchbox.internal.mqtt.codec.Property.Place.PUBREC;
import static io.watchbox.internal.mqtt.codec.Property.Place.PUBREL;
import static io.watchbox.internal.mqtt.codec.Property.Place.SUBACK;
import static io.watchbox.internal.mqtt.codec.Property.Place.SUBSCRIBE;
import static io.watchbox.internal.mqtt.codec.Property.Place.UNSUBACK;
import static io.watchbox.internal.mqtt.codec.Property.Place.UNSUBSCRIBE;
import static io.watchbox.internal.mqtt.codec.Property.Place.WILL;

import java.util.EnumSet;
import java.util.Set;

/**
 * The MQTT 5.0 properties (section 2.2.2.2, table 2-4): identifier, data type, the packets that
 * may carry each, and the values it may take (a value outside them is a Protocol Error).
 */
public enum Property {
    PAYLOAD_FORMAT_INDICATOR(0x01, Type.BYTE, 0, 1, PUBLISH, WILL),
    MESSAGE_EXPIRY_INTERVAL(0x02, Type.FOUR_BYTE_INTEGER, PUBLISH, WILL),
    CONTENT_TYPE(0x03, Type.UTF8_STRING, PUBLISH, WILL),
    RESPONSE_TOPIC(0x08, Type.UTF8_STRING, PUBLISH, WILL),
    CORRELATION_DATA(0x09, Type.BINARY_DATA, PUBLISH, WILL),
    /** Repeatable in PUBLISH (one per matching subscription), at most once in SUBSCRIBE. */
    SUBSCRIPTION_IDENTIFIER(0x0B, Type.VARIABLE_BYTE_INTEGER, 1, Varint.MAX, PUBLISH, SUBSCRIBE),
    SESSION_EXPIRY_INTERVAL(0x11, Type.FOUR_BYTE_INTEGER, CONNECT, CONNACK, DISCONNECT),
    ASSIGNED_CLIENT_IDENTIFIER(0x12, Type.UTF8_STRING, CONNACK),
    SERVER_KEEP_ALIVE(0x13, Type.TWO_BYTE_INTEGER, CONNACK),
    AUTHENTICATION_METHOD(0x15, Type.UTF8_STRING, CONNECT, CONNACK, AUTH),
    AUTHENTICATION_DATA(0x16, Type.BINARY_DATA, CONNECT, CONNACK, AUTH),
    REQUEST_PROBLEM_INFORMATION(0x17, Type.BYTE, 0, 1, CONNECT),
    WILL_DELAY_INTERVAL(0x18, Type.FOUR_BYTE_INTEGER, WILL),
    REQUEST_RESPONSE_INFORMATION(0x19, Type.BYTE, 0, 1, CONNECT),
    RESPONSE_INFORMATION(0x1A, Type.UTF8_STRING, CONNACK),
    SERVER_REFERENCE(0x1C, Type.UTF8_STRING, CONNACK, DISCONNECT),
    REASON_STRING(0x1F, Type.UTF8_STRING, CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, DISCONNECT, AUTH),
    RECEIVE_MAXIMUM(0x21, Type.TWO_BYTE_INTEGER, 1, 0xFFFF, CONNECT, CONNACK),
    TOPIC_ALIAS_MAXIMUM(0x22, Type.TWO_BYTE_INTEGER, CONNECT, CONNACK),
    TOPIC_ALIAS(0x23, Type.TWO_BYTE_INTEGER, 1, 0xFFFF, PUBLISH),
    MAXIMUM_QOS(0x24, Type.BYTE, 0, 1, CONNACK),
    RETAIN_AVAILABLE(0x25, Type.BYTE, 0, 1, CONNACK),
    /** Repeatable everywhere it is allowed; the order is kept. */
    USER_PROPERTY(0x26, Type.UTF8_STRING_PAIR, CONNECT, CONNACK, PUBLISH, WILL, PUBACK, PUBREC, PUBREL, PUBCOMP,
            SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, DISCONNECT, AUTH),
    MAXIMUM_PACKET_SIZE(0x27, Type.FOUR_BYTE_INTEGER, 1, 0xFFFF_FFFFL, CONNECT, CONNACK),
    WILDCARD_SUBSCRIPTION_AVAILABLE(0x28, Type.BYTE, 0, 1, CONNACK),
    SUBSCRIPTION_IDENTIFIER_AVAILABLE(0x29, Type.BYTE, 0, 1, CONNACK),
    SHARED_SUBSCRIPTION_AVAILABLE(0x2A, Type.BYTE, 0, 1, CONNACK);

    /** The data types of section 1.5. */
    public enum Type {
        BYTE(0xFF), TWO_BYTE_INTEGER(0xFFFF), FOUR_BYTE_INTEGER(0xFFFF_FFFFL), VARIABLE_BYTE_INTEGER(Varint.MAX),
        UTF8_STRING(-1), UTF8_STRING_PAIR(-1), BINARY_DATA(-1);

        private final long max;

        Type(long max) {
            this.max = max;
        }

        boolean isNumber() {
            return max >= 0;
        }
    }

    /** Where properties travel: every packet that has them, and the will in CONNECT's payload. */
    public enum Place {
        CONNECT, CONNACK, PUBLISH, WILL, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK,
        DISCONNECT, AUTH;

        static Place of(PacketType type) {
            return valueOf(type.name());
        }
    }

    private static final Property[] BY_ID = new Property[0x2B];

    static {
        for (Property property : values()) {
            BY_ID[property.id] = property;
        }
    }

    private final int id;
    private final Type type;
    private final long min;
    private final long max;
    private final Set<Place> places;

    Property(int id, Type type, Place first, Place... rest) {
        this(id, type, 0, type.max, first, rest);
    }

    Property(int id, Type type, long min, long max, Place first, Place... rest) {
        this.id = id;
        this.type = type;
        this.min = min;
        this.max = max;
        this.places = EnumSet.of(first, rest);
    }

    public int id() {
        return id;
    }

    public Type type() {
        return type;
    }

    public boolean allowedIn(Place place) {
        return places.contains(place);
    }

    /** Whether a number is a value this property may take (for number types). */
    boolean accepts(long value) {
        return value >= min && value <= max;
    }

    /** The property with this identifier, or null for an unknown one. */
    static Property of(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}

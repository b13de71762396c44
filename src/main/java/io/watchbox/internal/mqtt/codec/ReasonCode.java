package io.watchbox.internal.mqtt.codec;

import static io.watchbox.internal.mqtt.codec.PacketType.AUTH;
import static io.watchbox.internal.mqtt.codec.PacketType.CONNACK;
import static io.watchbox.internal.mqtt.codec.PacketType.DISCONNECT;
import static io.watchbox.internal.mqtt.codec.PacketType.PUBACK;
import static io.watchbox.internal.mqtt.codec.PacketType.PUBCOMP;
import static io.watchbox.internal.mqtt.codec.PacketType.PUBREC;
import static io.watchbox.internal.mqtt.codec.PacketType.PUBREL;
import static io.watchbox.internal.mqtt.codec.PacketType.SUBACK;
import static io.watchbox.internal.mqtt.codec.PacketType.UNSUBACK;

import java.util.EnumSet;
import java.util.Set;

/**
 * MQTT 5.0 reason codes (section 2.4), each with the packets that may carry it. Some numbers have
 * one name per packet (0x00 is Success, Normal disconnection or Granted QoS 0), so a byte is read
 * back with the packet it came in: {@link #of(int, PacketType)}. 3.1.1's CONNACK return codes and
 * SUBACK return codes map onto these (see {@link #v3ConnackCode()}).
 */
public enum ReasonCode {
    SUCCESS(0x00, CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK, AUTH),
    NORMAL_DISCONNECTION(0x00, DISCONNECT),
    GRANTED_QOS_0(0x00, SUBACK),
    GRANTED_QOS_1(0x01, SUBACK),
    GRANTED_QOS_2(0x02, SUBACK),
    DISCONNECT_WITH_WILL_MESSAGE(0x04, DISCONNECT),
    NO_MATCHING_SUBSCRIBERS(0x10, PUBACK, PUBREC),
    NO_SUBSCRIPTION_EXISTED(0x11, UNSUBACK),
    CONTINUE_AUTHENTICATION(0x18, AUTH),
    RE_AUTHENTICATE(0x19, AUTH),
    UNSPECIFIED_ERROR(0x80, CONNACK, PUBACK, PUBREC, SUBACK, UNSUBACK, DISCONNECT),
    MALFORMED_PACKET(0x81, CONNACK, DISCONNECT),
    PROTOCOL_ERROR(0x82, CONNACK, DISCONNECT),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83, CONNACK, PUBACK, PUBREC, SUBACK, UNSUBACK, DISCONNECT),
    UNSUPPORTED_PROTOCOL_VERSION(0x84, CONNACK),
    CLIENT_IDENTIFIER_NOT_VALID(0x85, CONNACK),
    BAD_USER_NAME_OR_PASSWORD(0x86, CONNACK),
    NOT_AUTHORIZED(0x87, CONNACK, PUBACK, PUBREC, SUBACK, UNSUBACK, DISCONNECT),
    SERVER_UNAVAILABLE(0x88, CONNACK),
    SERVER_BUSY(0x89, CONNACK, DISCONNECT),
    BANNED(0x8A, CONNACK),
    SERVER_SHUTTING_DOWN(0x8B, DISCONNECT),
    BAD_AUTHENTICATION_METHOD(0x8C, CONNACK, DISCONNECT),
    KEEP_ALIVE_TIMEOUT(0x8D, DISCONNECT),
    SESSION_TAKEN_OVER(0x8E, DISCONNECT),
    TOPIC_FILTER_INVALID(0x8F, SUBACK, UNSUBACK, DISCONNECT),
    TOPIC_NAME_INVALID(0x90, CONNACK, PUBACK, PUBREC, DISCONNECT),
    PACKET_IDENTIFIER_IN_USE(0x91, PUBACK, PUBREC, SUBACK, UNSUBACK),
    PACKET_IDENTIFIER_NOT_FOUND(0x92, PUBREL, PUBCOMP),
    RECEIVE_MAXIMUM_EXCEEDED(0x93, DISCONNECT),
    TOPIC_ALIAS_INVALID(0x94, DISCONNECT),
    PACKET_TOO_LARGE(0x95, CONNACK, DISCONNECT),
    MESSAGE_RATE_TOO_HIGH(0x96, DISCONNECT),
    QUOTA_EXCEEDED(0x97, CONNACK, PUBACK, PUBREC, SUBACK, DISCONNECT),
    ADMINISTRATIVE_ACTION(0x98, DISCONNECT),
    PAYLOAD_FORMAT_INVALID(0x99, CONNACK, PUBACK, PUBREC, DISCONNECT),
    RETAIN_NOT_SUPPORTED(0x9A, CONNACK, DISCONNECT),
    QOS_NOT_SUPPORTED(0x9B, CONNACK, DISCONNECT),
    USE_ANOTHER_SERVER(0x9C, CONNACK, DISCONNECT),
    SERVER_MOVED(0x9D, CONNACK, DISCONNECT),
    SHARED_SUBSCRIPTIONS_NOT_SUPPORTED(0x9E, SUBACK, DISCONNECT),
    CONNECTION_RATE_EXCEEDED(0x9F, CONNACK, DISCONNECT),
    MAXIMUM_CONNECT_TIME(0xA0, DISCONNECT),
    SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED(0xA1, SUBACK, DISCONNECT),
    WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED(0xA2, SUBACK, DISCONNECT);

    private final int value;
    private final Set<PacketType> packets;

    ReasonCode(int value, PacketType first, PacketType... rest) {
        this.value = value;
        this.packets = EnumSet.of(first, rest);
    }

    /** The number on the wire. */
    public int value() {
        return value;
    }

    public boolean isError() {
        return value >= 0x80;
    }

    /** Whether {@code packet} may carry this code. */
    public boolean allowedIn(PacketType packet) {
        return packets.contains(packet);
    }

    /** The code {@code value} means in {@code packet}, or null when that packet has no such code. */
    public static ReasonCode of(int value, PacketType packet) {
        for (ReasonCode code : values()) {
            if (code.value == value && code.packets.contains(packet)) {
                return code;
            }
        }
        return null;
    }

    /** The SUBACK code that grants {@code qos}. */
    public static ReasonCode granted(int qos) {
        switch (qos) {
            case 0: return GRANTED_QOS_0;
            case 1: return GRANTED_QOS_1;
            case 2: return GRANTED_QOS_2;
            default: throw new IllegalArgumentException("QoS " + qos);
        }
    }

    /**
     * The MQTT 3.1.1 CONNACK return code (0 to 5) for this code: 0x84 is 1, 0x85 is 2, 0x86 and 0x8C
     * are 4, 0x87 and 0x8A are 5, and every other failure is 3 (server unavailable), the one 3.1.1
     * has for "not now, not you".
     */
    public int v3ConnackCode() {
        switch (this) {
            case SUCCESS: return 0;
            case UNSUPPORTED_PROTOCOL_VERSION: return 1;
            case CLIENT_IDENTIFIER_NOT_VALID: return 2;
            case BAD_USER_NAME_OR_PASSWORD: case BAD_AUTHENTICATION_METHOD: return 4;
            case NOT_AUTHORIZED: case BANNED: return 5;
            default: return 3;
        }
    }

    /** The code a 3.1.1 CONNACK return code reads as, or null past 5. */
    static ReasonCode ofV3Connack(int returnCode) {
        switch (returnCode) {
            case 0: return SUCCESS;
            case 1: return UNSUPPORTED_PROTOCOL_VERSION;
            case 2: return CLIENT_IDENTIFIER_NOT_VALID;
            case 3: return SERVER_UNAVAILABLE;
            case 4: return BAD_USER_NAME_OR_PASSWORD;
            case 5: return NOT_AUTHORIZED;
            default: return null;
        }
    }
}

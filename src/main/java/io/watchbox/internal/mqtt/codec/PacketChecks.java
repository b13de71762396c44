package io.watchbox.internal.mqtt.codec;

import java.util.Objects;

/** The checks the packet records share: what no version of MQTT may send. */
final class PacketChecks {
    private PacketChecks() {
    }

    static void qos(int qos) {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS " + qos);
        }
    }

    static void u16(int value, String what) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " out of range: " + value);
        }
    }

    static void packetId(int packetId) {
        if (packetId < 1 || packetId > 0xFFFF) {
            throw new IllegalArgumentException("packet id must be 1 to 65535: " + packetId);
        }
    }

    static void reason(ReasonCode reason, PacketType packet) {
        Objects.requireNonNull(reason, "reason");
        if (!reason.allowedIn(packet)) {
            throw new IllegalArgumentException(reason + " is not a " + packet + " reason code");
        }
    }

    static void properties(Properties properties, Property.Place place) {
        Objects.requireNonNull(properties, "properties");
        Property wrong = properties.firstNotAllowedIn(place);
        if (wrong != null) {
            throw new IllegalArgumentException(wrong + " is not a " + place + " property");
        }
    }

    static void ack(int packetId, ReasonCode reason, Properties properties, PacketType packet) {
        packetId(packetId);
        reason(reason, packet);
        properties(properties, Property.Place.of(packet));
    }
}

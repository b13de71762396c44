package io.watchbox.internal.core;

import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.protocol.Payload;
import java.util.Optional;

/**
 * An MQTT PUBLISH's payload as the broker carries it, both ways: any bytes are a payload, so MQTT
 * to MQTT is byte-exact, and a JSON subscriber gets bytes that are not UTF-8 as base64.
 */
final class MqttPayload {

    /** The 5.0 payload format indicator's value for UTF-8 text (0 says unspecified bytes). */
    private static final long UTF8_TEXT = 1;

    private MqttPayload() {
    }

    /**
     * The payload of a received PUBLISH; empty when its 5.0 payload format indicator says UTF-8
     * text and it is not, which the broker answers with 0x99 (MQTT 5.0, 3.3.2.3.2).
     */
    static Optional<Payload> received(Packet.Publish publish) {
        return checked(publish.payload(), publish.properties());
    }

    /** A will's payload, by the same rule as {@link #received} (its Payload Format Indicator is in the will's properties). */
    static Optional<Payload> ofWill(Packet.Will will) {
        return checked(will.payload(), will.properties());
    }

    private static Optional<Payload> checked(Bytes bytes, Properties properties) {
        Payload payload = Payload.adopt(bytes.toByteArray());
        boolean saysText = properties.number(Property.PAYLOAD_FORMAT_INDICATOR).orElse(0) == UTF8_TEXT;
        return saysText && !payload.isText() ? Optional.empty() : Optional.of(payload);
    }

    /** The bytes of a PUBLISH that carries a queued message to an MQTT subscriber. */
    static Bytes toSend(Payload payload) {
        return Bytes.adopt(payload.toByteArray());
    }
}

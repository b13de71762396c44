package io.watchbox.internal.mqtt.session;

import io.watchbox.internal.protocol.EncodedMessage;

/**
 * A QoS 1 or 2 message sent to a client and not yet acknowledged.
 *
 * @param packetId its packet identifier, 1 to 65535
 * @param message  what was published
 * @param qos      the QoS it was sent at, 1 or 2
 * @param released QoS 2 only: the client sent PUBREC and the server PUBREL, so that only PUBCOMP is awaited
 */
public record InFlight(int packetId, EncodedMessage message, int qos, boolean released) {

    InFlight release() {
        return new InFlight(packetId, message, qos, true);
    }
}

package io.watchbox.internal.mqtt.codec;

import java.util.Objects;

/**
 * Why the decoder refused a packet: the reason code to answer with in 5.0 (0x81 Malformed Packet,
 * 0x82 Protocol Error, 0x95 Packet too large, 0x84 Unsupported Protocol Version for a CONNECT)
 * and a sentence for the log. {@code packet} is the refused packet's type, or null when its type
 * number is not a packet of the version spoken. A refused CONNECT is answered with a CONNACK,
 * anything later with a DISCONNECT (5.0) or by closing (3.1.1).
 */
public record Malformed(ReasonCode reason, String detail, PacketType packet) {
    public Malformed {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}

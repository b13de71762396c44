package io.watchbox.internal.mqtt.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Bytes for the codec's tests: hex, and decoders already past CONNECT. */
final class Wire {

    static final long MAX = 1 << 20;

    private Wire() {
    }

    /** Hex with any spaces: {@code "C0 00"}. */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static Packet.Connect connect(MqttVersion version) {
        return new Packet.Connect(version, "c", true, 60, Optional.empty(), Optional.empty(), Optional.empty(), Properties.EMPTY);
    }

    /** A server's decoder that has read a plain CONNECT of {@code version}. */
    static MqttDecoder serverAfterConnect(MqttVersion version, long max) {
        MqttDecoder decoder = MqttDecoder.forServer(max);
        Decoded decoded = decoder.decode(MqttEncoder.encode(connect(version), version));
        assertEquals(List.of(connect(version)), decoded.packets(), () -> "CONNECT refused: " + decoded.malformed());
        return decoder;
    }

    static MqttDecoder serverAfterConnect(MqttVersion version) {
        return serverAfterConnect(version, MAX);
    }

    /** The one packet {@code bytes} hold, asserting nothing was refused. */
    static Packet one(MqttDecoder decoder, byte[] bytes) {
        Decoded decoded = decoder.decode(bytes);
        assertTrue(decoded.malformed().isEmpty(), () -> "refused " + hex(bytes) + ": " + decoded.malformed().get());
        assertEquals(1, decoded.packets().size(), () -> "packets in " + hex(bytes) + ": " + decoded.packets());
        return decoded.packets().get(0);
    }

    /** Encodes {@code packet} and reads it back on the side it travels to. */
    static Packet roundTrip(Packet packet, MqttVersion version, boolean toServer) {
        byte[] bytes = MqttEncoder.encode(packet, version);
        assertEquals(bytes.length, MqttEncoder.size(packet, version), "size() of " + packet);
        MqttDecoder decoder = !toServer ? MqttDecoder.forClient(version, MAX)
                : packet instanceof Packet.Connect ? MqttDecoder.forServer(MAX) : serverAfterConnect(version);
        return one(decoder, bytes);
    }
}

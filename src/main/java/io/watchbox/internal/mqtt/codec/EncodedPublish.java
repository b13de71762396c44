package io.watchbox.internal.mqtt.codec;

import java.nio.ByteBuffer;

/**
 * A PUBLISH encoded once for many subscribers of one version, QoS and set of properties. At QoS 0
 * every subscriber gets the same read-only bytes; above, each gets a copy with its own packet id
 * and DUP flag written in, since one WebSocket send takes one buffer. Subscribers that differ in
 * QoS or properties (a subscription identifier, a topic alias) need their own template.
 */
public final class EncodedPublish {

    private final byte[] bytes;
    private final int qos;
    /** Where the packet id sits, or -1 at QoS 0. */
    private final int packetIdOffset;

    private EncodedPublish(byte[] bytes, int qos, int packetIdOffset) {
        this.bytes = bytes;
        this.qos = qos;
        this.packetIdOffset = packetIdOffset;
    }

    /** {@code publish} as {@code version} writes it; above QoS 0 its packet id and DUP are placeholders. */
    public static EncodedPublish of(Packet.Publish publish, MqttVersion version) {
        byte[] bytes = MqttEncoder.encode(publish, version);
        if (publish.qos() == 0) {
            return new EncodedPublish(bytes, 0, -1);
        }
        int headerLength = 2;
        while ((bytes[headerLength - 1] & 0x80) != 0) {
            headerLength++;
        }
        return new EncodedPublish(bytes, publish.qos(), headerLength + 2 + Sink.utf8Length(publish.topic()));
    }

    public int size() {
        return bytes.length;
    }

    public int qos() {
        return qos;
    }

    /** The shared bytes of a QoS 0 PUBLISH; each call gives a new read-only view of them. */
    public ByteBuffer shared() {
        if (qos != 0) {
            throw new IllegalStateException("a QoS " + qos + " PUBLISH needs a packet id");
        }
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** The bytes for one subscriber at QoS 1 or 2: a copy with {@code packetId} and {@code dup}. */
    public ByteBuffer withPacketId(int packetId, boolean dup) {
        return ByteBuffer.wrap(bytesWithPacketId(packetId, dup));
    }

    /** {@link #withPacketId} as an array of its own. */
    public byte[] bytesWithPacketId(int packetId, boolean dup) {
        if (qos == 0) {
            throw new IllegalStateException("a QoS 0 PUBLISH has no packet id");
        }
        PacketChecks.packetId(packetId);
        byte[] copy = bytes.clone();
        copy[0] = (byte) (dup ? copy[0] | 0x08 : copy[0] & ~0x08);
        copy[packetIdOffset] = (byte) (packetId >> 8);
        copy[packetIdOffset + 1] = (byte) packetId;
        return copy;
    }
}

package io.watchbox.internal.mqtt.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the bytes of one connection, in whatever chunks they arrive (WebSocket binary frames), into
 * packets: a packet may span chunks and a chunk may hold several (MQTT-6.0.0). Bad input is a
 * {@link Malformed} value, never an exception; after one, the decoder reads nothing more, since
 * the stream has lost its framing.
 *
 * <p>The maximum packet size counts the whole packet, fixed header included (MQTT 5.0's Maximum
 * Packet Size), and is checked from the fixed header alone: a body is allocated only once its
 * length is known to fit, so a hostile length costs nothing.
 *
 * <p>One connection's decoder, used by one thread at a time.
 */
public final class MqttDecoder {

    /** The smallest packet, such as PINGREQ. */
    private static final int MIN_PACKET_SIZE = 2;
    /** The largest packet MQTT can frame: a 1-byte type, 4 bytes of length, 268,435,455 bytes of body. */
    private static final long MAX_PACKET_SIZE = 1 + 4 + (long) Varint.MAX;
    private static final byte[] NO_BODY = new byte[0];

    private final boolean atServer;
    private final long maxPacketSize;
    private final PacketReader reader;
    private MqttVersion version;
    private boolean connected;

    /** The fixed header's first byte, or -1 between packets. */
    private int header = -1;
    private int lengthBytes;
    private int length;
    /** The body being filled, or null while the length is still being read. */
    private byte[] body;
    private int filled;
    private Malformed failure;

    private MqttDecoder(boolean atServer, MqttVersion version, long maxPacketSize) {
        if (maxPacketSize < MIN_PACKET_SIZE) {
            throw new IllegalArgumentException("maximum packet size below 2: " + maxPacketSize);
        }
        this.atServer = atServer;
        this.version = version;
        this.maxPacketSize = Math.min(maxPacketSize, MAX_PACKET_SIZE);
        this.reader = new PacketReader(atServer);
    }

    /** A server's decoder: it reads what clients send, and first of all CONNECT, which names the version. */
    public static MqttDecoder forServer(long maxPacketSize) {
        return new MqttDecoder(true, null, maxPacketSize);
    }

    /** A client's decoder (tests, load generators): it reads what a server sends in {@code version}. */
    public static MqttDecoder forClient(MqttVersion version, long maxPacketSize) {
        return new MqttDecoder(false, Objects.requireNonNull(version, "version"), maxPacketSize);
    }

    /**
     * The version spoken: a server's decoder knows it from CONNECT's protocol name and level, even
     * when the rest of that CONNECT was refused, so the refusal can be answered in that version.
     */
    public Optional<MqttVersion> version() {
        return Optional.ofNullable(version != null ? version : reader.connectVersion());
    }

    /** Reads all of {@code chunk}. */
    public Decoded decode(byte[] chunk) {
        return decode(ByteBuffer.wrap(chunk));
    }

    /** Reads {@code chunk} from its position to its limit, and leaves it at its limit. */
    public Decoded decode(ByteBuffer chunk) {
        if (failure != null) {
            chunk.position(chunk.limit());
            return new Decoded(List.of(), Optional.of(failure));
        }
        List<Packet> packets = null;
        while (chunk.hasRemaining()) {
            Malformed refused = null;
            if (header < 0) {
                header = chunk.get() & 0xFF;
                refused = checkFirstByte(header);
            } else if (body == null) {
                refused = readLengthByte(chunk.get() & 0xFF);
            } else {
                int n = Math.min(chunk.remaining(), body.length - filled);
                chunk.get(body, filled, n);
                filled += n;
            }
            if (refused == null && body != null && filled == body.length) {
                Object read = complete();
                if (read instanceof Packet packet) {
                    if (packets == null) {
                        packets = new ArrayList<>(4);
                    }
                    packets.add(packet);
                } else {
                    refused = (Malformed) read;
                }
            }
            if (refused != null) {
                failure = refused;
                body = null;
                chunk.position(chunk.limit());
                return new Decoded(packets == null ? List.of() : packets, Optional.of(refused));
            }
        }
        return packets == null ? Decoded.NOTHING : new Decoded(packets, Optional.empty());
    }

    /** The packet type and flags (MQTT-2.2.2-1, MQTT-2.2.2-2), checked before anything else is read. */
    private Malformed checkFirstByte(int first) {
        PacketType type = PacketType.of(first >> 4);
        int flags = first & 0x0F;
        MqttVersion spoken = version == null ? MqttVersion.V5 : version;
        if (type == null || type == PacketType.AUTH && version != null && !version.isV5()) {
            return new Malformed(ReasonCode.MALFORMED_PACKET, "packet type " + (first >> 4) + " is reserved", null);
        }
        if (atServer && !connected && type != PacketType.CONNECT) {
            return new Malformed(ReasonCode.PROTOCOL_ERROR, type + " before CONNECT (MQTT-3.1.0-1)", type);
        }
        if (atServer && connected && type == PacketType.CONNECT) {
            return new Malformed(ReasonCode.PROTOCOL_ERROR, "a second CONNECT (MQTT-3.1.0-2)", type);
        }
        if (!type.travels(atServer, spoken)) {
            return new Malformed(ReasonCode.PROTOCOL_ERROR,
                    type + " does not go to a " + (atServer ? "server" : "client"), type);
        }
        if (type == PacketType.PUBLISH) {
            if ((flags & 0x06) == 0x06) {
                return new Malformed(ReasonCode.MALFORMED_PACKET, "PUBLISH with QoS 3 (MQTT-3.3.1-4)", type);
            }
        } else if (flags != type.requiredFlags()) {
            return new Malformed(ReasonCode.MALFORMED_PACKET,
                    String.format("%s with reserved flags 0x%x (MQTT-2.2.2-2)", type, flags), type);
        }
        lengthBytes = 0;
        length = 0;
        return null;
    }

    /** One byte of the remaining length; on the last, the size check, then the body's buffer. */
    private Malformed readLengthByte(int b) {
        PacketType type = PacketType.of(header >> 4);
        length |= (b & 0x7F) << (7 * lengthBytes);
        lengthBytes++;
        if ((b & 0x80) != 0) {
            return lengthBytes < 4 ? null
                    : new Malformed(ReasonCode.MALFORMED_PACKET, "remaining length longer than 4 bytes", type);
        }
        if (lengthBytes > 1 && b == 0) {
            return new Malformed(ReasonCode.MALFORMED_PACKET, "remaining length not in its shortest form", type);
        }
        long size = 1L + lengthBytes + length;
        if (size > maxPacketSize) {
            return new Malformed(ReasonCode.PACKET_TOO_LARGE,
                    type + " of " + size + " bytes is over the maximum packet size of " + maxPacketSize, type);
        }
        body = length == 0 ? NO_BODY : new byte[length];
        filled = 0;
        return null;
    }

    /** The whole body is in: the packet, or why not. */
    private Object complete() {
        PacketType type = PacketType.of(header >> 4);
        int flags = header & 0x0F;
        byte[] full = body;
        header = -1;
        body = null;
        try {
            Packet packet = reader.read(type, flags, full, version);
            if (packet instanceof Packet.Connect connect) {
                version = connect.version();
                connected = true;
            }
            return packet;
        } catch (MalformedPacket e) {
            return new Malformed(e.reason, e.getMessage(), type);
        }
    }
}

package io.watchbox.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The few MQTT 3.1.1 packets the generator sends, at any QoS, and a reader that splits a byte
 * stream into packets. Each packet is built in one array, so that it leaves in one WebSocket frame
 * and one write call.
 */
final class MqttPackets {

    static final byte[] DISCONNECT = {(byte) 0xE0, 0};

    /** PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, CONNACK: the types a lean client reads or writes. */
    static final int CONNACK = 0x20;
    static final int PUBLISH = 0x30;
    static final int PUBACK = 0x40;
    static final int PUBREC = 0x50;
    static final int PUBREL = 0x60;
    static final int PUBCOMP = 0x70;
    static final int SUBACK = 0x90;

    private MqttPackets() {
    }

    /** CONNECT with clean session and keep alive 0: a run is far shorter than any server's idle timeout. */
    static byte[] connect(String clientId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 0});
        writeString(body, clientId.getBytes(StandardCharsets.US_ASCII));
        return packet(0x10, body.toByteArray());
    }

    static byte[] subscribe(String filter) {
        return subscribe(filter, 0);
    }

    /** SUBSCRIBE of one filter at the QoS asked for, packet identifier 1. */
    static byte[] subscribe(String filter, int qos) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 1});
        writeString(body, filter.getBytes(StandardCharsets.UTF_8));
        body.write(qos);
        return packet(0x82, body.toByteArray());
    }

    static byte[] publish(String topic, byte[] payload) {
        return publish(topic, payload, 0, 0);
    }

    /** PUBLISH at qos; packetId is written only above QoS 0 (where it must not be 0). */
    static byte[] publish(String topic, byte[] payload, int qos, int packetId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(topic.length() + payload.length + 4);
        writeString(body, topic.getBytes(StandardCharsets.UTF_8));
        if (qos > 0) {
            body.write(packetId >>> 8);
            body.write(packetId);
        }
        body.writeBytes(payload);
        return packet(PUBLISH | qos << 1, body.toByteArray());
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP of one packet identifier (PUBREL with its required flags 0010). */
    static byte[] ack(int type, int packetId) {
        int header = type == PUBREL ? PUBREL | 0x02 : type;
        return new byte[] {(byte) header, 2, (byte) (packetId >>> 8), (byte) packetId};
    }

    /** The packet identifier at offset of a packet's body. */
    static int packetId(byte[] body, int offset) {
        return ((body[offset] & 0xFF) << 8) | (body[offset + 1] & 0xFF);
    }

    private static void writeString(ByteArrayOutputStream out, byte[] s) {
        out.write(s.length >>> 8);
        out.write(s.length);
        out.writeBytes(s);
    }

    private static byte[] packet(int header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
        out.write(header);
        int remaining = body.length;
        do {
            int digit = remaining % 128;
            remaining /= 128;
            out.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }

    interface PacketHandler {
        /** The packet's first byte (type in the high nibble, flags in the low one) and the bytes after the fixed header. */
        void onPacket(int firstByte, byte[] body) throws IOException;
    }

    /** Packets may span WebSocket frames and frames may hold several packets. */
    static final class Reader {
        private static final byte[] NOTHING = {};

        private final PacketHandler handler;
        private byte[] pending = NOTHING;

        Reader(PacketHandler handler) {
            this.handler = handler;
        }

        void feed(byte[] data) throws IOException {
            byte[] buf = pending.length == 0 ? data : concat(pending, data);
            int pos = 0;
            for (;;) {
                if (buf.length - pos < 2) {
                    break;
                }
                int length = 0;
                int multiplier = 1;
                int i = pos + 1;
                boolean complete = false;
                while (i < buf.length && i < pos + 5) {
                    int digit = buf[i++] & 0xFF;
                    length += (digit & 0x7F) * multiplier;
                    multiplier *= 128;
                    if ((digit & 0x80) == 0) {
                        complete = true;
                        break;
                    }
                }
                if (!complete || buf.length - i < length) {
                    break;
                }
                handler.onPacket(buf[pos] & 0xFF, Arrays.copyOfRange(buf, i, i + length));
                pos = i + length;
            }
            pending = pos == buf.length ? NOTHING : Arrays.copyOfRange(buf, pos, buf.length);
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] c = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        }
    }
}

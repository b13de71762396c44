package io.watchbox.internal.cluster;

import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The bytes of a {@link RelayFrame} on a group's Redis channel: a version byte, the two sequence
 * numbers at fixed offsets (so that they can be stamped after the rest is encoded, outside the
 * publisher's lock), then origin, group, sender and message, each as a length and bytes: UTF-8 for
 * the first three (length -1: no sender), the message's own bytes, which need not be UTF-8.
 *
 * <p>A message with MQTT 5.0 properties goes as version {@value #WITH_PROPERTIES}: the same fields,
 * then its properties (laid out as {@code propertyBytes} says). One without them, which is most, stays version
 * {@value #VERSION}, byte for byte what a replica of the version before reads; such a replica ignores
 * (and counts as relayIgnored) only the messages that carry properties, during a rolling upgrade.
 *
 * <p>Both of those carry a message published at QoS 1, as every JSON, REST and application publish
 * counts ({@link EncodedMessage#DEFAULT_QOS}), and as every relayed message was delivered before the
 * QoS travelled. A message published over MQTT at QoS 0 or 2 goes as version {@value #WITH_QOS}:
 * version 3's fields, then a byte of flags (the QoS in its two low bits, and {@value #PROPERTIES_FOLLOW}
 * when properties follow), then its properties if it has any (as in version 4).
 * A replica of a version before this one ignores it, counted as relayIgnored: during a rolling
 * upgrade its subscribers miss the QoS 0 and 2 MQTT publishes made on upgraded replicas, and get
 * the rest as before.
 */
public final class RelayCodec {

    /** 1 was the frame of the one shared channel, 2 its mark; a replica of that version ignores these. */
    static final byte VERSION = 3;
    /** A message with properties: version 3's fields, then the properties. */
    static final byte WITH_PROPERTIES = 4;
    /** A message published at QoS 0 or 2: version 3's fields, flags with the QoS, then the properties if it has any. */
    static final byte WITH_QOS = 5;
    /** The flag of version 5 that says properties follow. */
    private static final int PROPERTIES_FOLLOW = 4;
    private static final int QOS_BITS = 3;
    private static final int SEQ_OFFSET = 1;
    private static final int GROUP_SEQ_OFFSET = SEQ_OFFSET + Long.BYTES;
    private static final int HEADER = 1 + 2 * Long.BYTES;

    private RelayCodec() {
    }

    /** The frame's bytes with sequence numbers 0; {@link #stamp} sets them. */
    public static byte[] encode(String origin, String group, String from, Payload payload) {
        return encode(origin, group, from, payload, MessageProperties.EMPTY);
    }

    /** {@link #encode(String, String, String, Payload)} of a message that may carry properties, published at QoS 1. */
    public static byte[] encode(String origin, String group, String from, Payload payload, MessageProperties properties) {
        return encode(origin, group, from, payload, EncodedMessage.DEFAULT_QOS, properties);
    }

    /** {@link #encode(String, String, String, Payload)} of a message published at this QoS, that may carry properties. */
    public static byte[] encode(String origin, String group, String from, Payload payload, int qos,
                                MessageProperties properties) {
        byte[] o = origin.getBytes(StandardCharsets.UTF_8);
        byte[] g = group.getBytes(StandardCharsets.UTF_8);
        byte[] f = Utf8Field.bytes(from);
        byte[] m = payload.toByteArray();
        byte[] p = properties.isEmpty() ? new byte[0] : propertyBytes(properties);
        boolean withQos = qos != EncodedMessage.DEFAULT_QOS;
        ByteBuffer out = ByteBuffer.allocate(HEADER + Utf8Field.size(o) + Utf8Field.size(g) + Utf8Field.size(f)
                + Utf8Field.size(m) + (withQos ? 1 : 0) + p.length);
        out.put(withQos ? WITH_QOS : properties.isEmpty() ? VERSION : WITH_PROPERTIES).putLong(0).putLong(0);
        Utf8Field.put(out, o);
        Utf8Field.put(out, g);
        Utf8Field.put(out, f);
        Utf8Field.put(out, m);
        if (withQos) {
            out.put((byte) (qos | (properties.isEmpty() ? 0 : PROPERTIES_FOLLOW)));
        }
        out.put(p);
        return out.array();
    }

    /** Sets the sequence numbers of encoded frame bytes, in place. */
    public static byte[] stamp(byte[] frame, long seq, long groupSeq) {
        ByteBuffer.wrap(frame).putLong(SEQ_OFFSET, seq).putLong(GROUP_SEQ_OFFSET, groupSeq);
        return frame;
    }

    /** The running number a frame was stamped with. */
    static long seq(byte[] frame) {
        return ByteBuffer.wrap(frame).getLong(SEQ_OFFSET);
    }

    public static byte[] encode(RelayFrame frame) {
        return stamp(encode(frame.origin(), frame.group(), frame.from(), frame.payload(), frame.qos(), frame.properties()),
                frame.seq(), frame.groupSeq());
    }

    /** The frame, or empty for bytes that are not one of this version (another version of Watchbox, or garbage). */
    public static Optional<RelayFrame> decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION && version != WITH_PROPERTIES && version != WITH_QOS) {
                return Optional.empty();
            }
            long seq = in.getLong();
            long groupSeq = in.getLong();
            String origin = Utf8Field.read(in);
            String group = Utf8Field.read(in);
            String from = Utf8Field.read(in);
            byte[] msg = Utf8Field.readBytes(in);
            int flags = version == WITH_QOS ? in.get() : EncodedMessage.DEFAULT_QOS;
            int qos = flags & QOS_BITS;
            boolean withProperties = version == WITH_PROPERTIES || version == WITH_QOS && (flags & PROPERTIES_FOLLOW) != 0;
            MessageProperties properties = withProperties ? readProperties(in) : MessageProperties.EMPTY;
            if (origin == null || group == null || msg == null || qos > 2 || (flags & ~(QOS_BITS | PROPERTIES_FOLLOW)) != 0
                    || in.hasRemaining()) {
                return Optional.empty();
            }
            return Optional.of(new RelayFrame(origin, seq, groupSeq, group, from, Payload.adopt(msg), properties, qos));
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /**
     * The properties: the expiry (a long, milliseconds on the clock replicas share, {@link MessageProperties#NEVER}
     * for none), the payload format indicator (a byte, -1 for none), content type, response topic and
     * correlation data (fields as above, -1 for none), then the number of user properties (an int) and
     * each one's name and value.
     */
    static byte[] propertyBytes(MessageProperties properties) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(properties.expiresAt());
            out.writeByte(properties.payloadFormat());
            putField(out, Utf8Field.bytes(properties.contentType()));
            putField(out, Utf8Field.bytes(properties.responseTopic()));
            putField(out, properties.correlationData());
            out.writeInt(properties.users().size());
            for (MessageProperties.User user : properties.users()) {
                putField(out, Utf8Field.bytes(user.name()));
                putField(out, Utf8Field.bytes(user.value()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return bytes.toByteArray();
    }

    /** One field of the properties, laid out as {@link Utf8Field} lays out the others. */
    private static void putField(DataOutputStream out, byte[] field) throws IOException {
        if (field == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(field.length);
            out.write(field);
        }
    }

    static MessageProperties readProperties(ByteBuffer in) {
        MessageProperties.Builder properties = MessageProperties.builder().expiresAt(in.getLong());
        int format = in.get();
        if (format != MessageProperties.NO_FORMAT) {
            properties.payloadFormat(format);
        }
        properties.contentType(Utf8Field.read(in)).responseTopic(Utf8Field.read(in)).correlationData(Utf8Field.readBytes(in));
        int users = in.getInt();
        if (users < 0 || users > in.remaining() / (2 * Integer.BYTES)) {
            throw new IllegalArgumentException("bad count of user properties " + users);
        }
        for (int i = 0; i < users; i++) {
            String name = Utf8Field.read(in);
            String value = Utf8Field.read(in);
            if (name == null || value == null) {
                throw new IllegalArgumentException("a user property without a name or value");
            }
            properties.user(name, value);
        }
        return properties.build();
    }
}

package io.watchbox.internal.cluster;

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
 */
public final class RelayCodec {

    /** 1 was the frame of the one shared channel, 2 its mark; a replica of that version ignores these. */
    static final byte VERSION = 3;
    /** A message with properties: version 3's fields, then the properties. */
    static final byte WITH_PROPERTIES = 4;
    private static final int SEQ_OFFSET = 1;
    private static final int GROUP_SEQ_OFFSET = SEQ_OFFSET + Long.BYTES;
    private static final int HEADER = 1 + 2 * Long.BYTES;

    private RelayCodec() {
    }

    /** The frame's bytes with sequence numbers 0; {@link #stamp} sets them. */
    public static byte[] encode(String origin, String group, String from, Payload payload) {
        return encode(origin, group, from, payload, MessageProperties.EMPTY);
    }

    /** {@link #encode(String, String, String, Payload)} of a message that may carry properties. */
    public static byte[] encode(String origin, String group, String from, Payload payload, MessageProperties properties) {
        byte[] o = origin.getBytes(StandardCharsets.UTF_8);
        byte[] g = group.getBytes(StandardCharsets.UTF_8);
        byte[] f = Utf8Field.bytes(from);
        byte[] m = payload.toByteArray();
        byte[] p = properties.isEmpty() ? new byte[0] : propertyBytes(properties);
        ByteBuffer out = ByteBuffer.allocate(HEADER + Utf8Field.size(o) + Utf8Field.size(g) + Utf8Field.size(f)
                + Utf8Field.size(m) + p.length);
        out.put(properties.isEmpty() ? VERSION : WITH_PROPERTIES).putLong(0).putLong(0);
        Utf8Field.put(out, o);
        Utf8Field.put(out, g);
        Utf8Field.put(out, f);
        Utf8Field.put(out, m);
        out.put(p);
        return out.array();
    }

    /** Sets the sequence numbers of encoded frame bytes, in place. */
    public static byte[] stamp(byte[] frame, long seq, long groupSeq) {
        ByteBuffer.wrap(frame).putLong(SEQ_OFFSET, seq).putLong(GROUP_SEQ_OFFSET, groupSeq);
        return frame;
    }

    public static byte[] encode(RelayFrame frame) {
        return stamp(encode(frame.origin(), frame.group(), frame.from(), frame.payload(), frame.properties()),
                frame.seq(), frame.groupSeq());
    }

    /** The frame, or empty for bytes that are not one of this version (another version of Watchbox, or garbage). */
    public static Optional<RelayFrame> decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION && version != WITH_PROPERTIES) {
                return Optional.empty();
            }
            long seq = in.getLong();
            long groupSeq = in.getLong();
            String origin = Utf8Field.read(in);
            String group = Utf8Field.read(in);
            String from = Utf8Field.read(in);
            byte[] msg = Utf8Field.readBytes(in);
            MessageProperties properties = version == WITH_PROPERTIES ? readProperties(in) : MessageProperties.EMPTY;
            if (origin == null || group == null || msg == null || in.hasRemaining()) {
                return Optional.empty();
            }
            return Optional.of(new RelayFrame(origin, seq, groupSeq, group, from, Payload.adopt(msg), properties));
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
    private static byte[] propertyBytes(MessageProperties properties) {
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

    private static MessageProperties readProperties(ByteBuffer in) {
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

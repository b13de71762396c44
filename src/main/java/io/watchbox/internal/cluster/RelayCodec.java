package io.watchbox.internal.cluster;

import io.watchbox.internal.protocol.Payload;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The bytes of a {@link RelayFrame} on a group's Redis channel: a version byte, the two sequence
 * numbers at fixed offsets (so that they can be stamped after the rest is encoded, outside the
 * publisher's lock), then origin, group, sender and message, each as a length and bytes: UTF-8 for
 * the first three (length -1: no sender), the message's own bytes, which need not be UTF-8.
 */
public final class RelayCodec {

    /** 1 was the frame of the one shared channel, 2 its mark; a replica of that version ignores these. */
    static final byte VERSION = 3;
    private static final int SEQ_OFFSET = 1;
    private static final int GROUP_SEQ_OFFSET = SEQ_OFFSET + Long.BYTES;
    private static final int HEADER = 1 + 2 * Long.BYTES;

    private RelayCodec() {
    }

    /** The frame's bytes with sequence numbers 0; {@link #stamp} sets them. */
    public static byte[] encode(String origin, String group, String from, Payload payload) {
        byte[] o = origin.getBytes(StandardCharsets.UTF_8);
        byte[] g = group.getBytes(StandardCharsets.UTF_8);
        byte[] f = Utf8Field.bytes(from);
        byte[] m = payload.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(HEADER + Utf8Field.size(o) + Utf8Field.size(g) + Utf8Field.size(f)
                + Utf8Field.size(m));
        out.put(VERSION).putLong(0).putLong(0);
        Utf8Field.put(out, o);
        Utf8Field.put(out, g);
        Utf8Field.put(out, f);
        Utf8Field.put(out, m);
        return out.array();
    }

    /** Sets the sequence numbers of encoded frame bytes, in place. */
    public static byte[] stamp(byte[] frame, long seq, long groupSeq) {
        ByteBuffer.wrap(frame).putLong(SEQ_OFFSET, seq).putLong(GROUP_SEQ_OFFSET, groupSeq);
        return frame;
    }

    public static byte[] encode(RelayFrame frame) {
        return stamp(encode(frame.origin(), frame.group(), frame.from(), frame.payload()), frame.seq(), frame.groupSeq());
    }

    /** The frame, or empty for bytes that are not one of this version (another version of Watchbox, or garbage). */
    public static Optional<RelayFrame> decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != VERSION) {
                return Optional.empty();
            }
            long seq = in.getLong();
            long groupSeq = in.getLong();
            String origin = Utf8Field.read(in);
            String group = Utf8Field.read(in);
            String from = Utf8Field.read(in);
            byte[] msg = Utf8Field.readBytes(in);
            if (origin == null || group == null || msg == null || in.hasRemaining()) {
                return Optional.empty();
            }
            return Optional.of(new RelayFrame(origin, seq, groupSeq, group, from, Payload.adopt(msg)));
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }
}

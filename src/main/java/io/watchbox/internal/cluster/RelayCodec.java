package io.watchbox.internal.cluster;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The bytes of a {@link RelayFrame} on the Redis channel: a version byte, the sequence number at a
 * fixed offset (so that it can be stamped after the rest is encoded, outside the publisher's lock),
 * then origin, group, sender and message, each as a length and UTF-8 bytes (length -1: no sender).
 */
public final class RelayCodec {

    static final byte VERSION = 1;
    /** First byte of a mark: a replica's last number so far, so that a hole at the end of its messages shows too. */
    static final byte MARK = 2;
    private static final int SEQ_OFFSET = 1;
    private static final int HEADER = 1 + Long.BYTES;

    private RelayCodec() {
    }

    /** The frame's bytes with sequence number 0; {@link #stamp} sets it. */
    public static byte[] encode(String origin, String group, String from, String msg) {
        byte[] o = origin.getBytes(StandardCharsets.UTF_8);
        byte[] g = group.getBytes(StandardCharsets.UTF_8);
        byte[] f = from == null ? null : from.getBytes(StandardCharsets.UTF_8);
        byte[] m = msg.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(HEADER + 4 * Integer.BYTES + o.length + g.length
                + (f == null ? 0 : f.length) + m.length);
        out.put(VERSION).putLong(0);
        out.putInt(o.length).put(o).putInt(g.length).put(g);
        if (f == null) {
            out.putInt(-1);
        } else {
            out.putInt(f.length).put(f);
        }
        out.putInt(m.length).put(m);
        return out.array();
    }

    /** Sets the sequence number of encoded frame bytes, in place. */
    public static byte[] stamp(byte[] frame, long seq) {
        ByteBuffer.wrap(frame).putLong(SEQ_OFFSET, seq);
        return frame;
    }

    public static byte[] encode(RelayFrame frame) {
        return stamp(encode(frame.origin(), frame.group(), frame.from(), frame.msg()), frame.seq());
    }

    /** A mark: the origin's number of its last relayed message so far. */
    public static byte[] mark(String origin, long seq) {
        byte[] o = origin.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(HEADER + Integer.BYTES + o.length).put(MARK).putLong(seq).putInt(o.length).put(o).array();
    }

    /** The mark (as a frame with no group, sender or message), or empty for bytes that are not one. */
    public static Optional<RelayFrame> decodeMark(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != MARK) {
                return Optional.empty();
            }
            long seq = in.getLong();
            String origin = string(in);
            if (origin == null || in.hasRemaining()) {
                return Optional.empty();
            }
            return Optional.of(new RelayFrame(origin, seq, null, null, null));
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** The frame, or empty for bytes that are not one of this version (another version of Watchbox, or garbage). */
    public static Optional<RelayFrame> decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != VERSION) {
                return Optional.empty();
            }
            long seq = in.getLong();
            String origin = string(in);
            String group = string(in);
            String from = string(in);
            String msg = string(in);
            if (origin == null || group == null || msg == null || in.hasRemaining()) {
                return Optional.empty();
            }
            return Optional.of(new RelayFrame(origin, seq, group, from, msg));
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bad length " + length);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

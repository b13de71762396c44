package io.watchbox.internal.cluster;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The bytes of an {@link InboxFrame}: a version byte, a type byte (0 answer, else the call's kind),
 * the call id, then for a call the caller's replica id (a length and UTF-8 bytes), then the body.
 */
final class InboxCodec {

    private static final byte VERSION = 1;
    private static final byte ANSWER = 0;

    private InboxCodec() {
    }

    static byte[] call(byte kind, long id, String from, byte[] body) {
        if (kind == ANSWER) {
            throw new IllegalArgumentException("kind 0 is an answer");
        }
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + Long.BYTES + Integer.BYTES + f.length + body.length)
                .put(VERSION).put(kind).putLong(id).putInt(f.length).put(f).put(body).array();
    }

    static byte[] answer(long id, byte[] body) {
        return ByteBuffer.allocate(2 + Long.BYTES + body.length).put(VERSION).put(ANSWER).putLong(id).put(body).array();
    }

    /** The frame, or empty for bytes that are not one of this version. */
    static Optional<InboxFrame> decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != VERSION) {
                return Optional.empty();
            }
            byte type = in.get();
            long id = in.getLong();
            if (type == ANSWER) {
                return Optional.of(new InboxFrame.Answer(id, rest(in)));
            }
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                return Optional.empty();
            }
            byte[] from = new byte[length];
            in.get(from);
            return Optional.of(new InboxFrame.Call(type, id, new String(from, StandardCharsets.UTF_8), rest(in)));
        } catch (BufferUnderflowException e) {
            return Optional.empty();
        }
    }

    private static byte[] rest(ByteBuffer in) {
        byte[] body = new byte[in.remaining()];
        in.get(body);
        return body;
    }
}

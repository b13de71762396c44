package io.watchbox.internal.cluster;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The bytes of an {@link InboxFrame}: a version byte, a type byte (0 answer, -1 failure, else the
 * call's kind, which is positive), the call id, then for a call the caller's replica id (a length
 * and UTF-8 bytes) and the body; for an answer the body; for a failure the class name and the
 * message of what the handler threw (each a length and UTF-8 bytes, length -1: no message); for a
 * withdrawal (type -2) the id of the call withdrawn and the caller's replica id.
 *
 * <p>A failure is a type, not a new version, so that a replica of the version before it still
 * reads every call and answer: it takes a failure for a call of kind -1, which it does not
 * answer, logs and ignores; its call then times out as before. A replica of the version before
 * withdrawals reads one as no frame of its version: it counts it as ignored, and answers the call
 * as it would have.
 */
final class InboxCodec {

    private static final byte VERSION = 1;
    private static final byte ANSWER = 0;
    private static final byte FAILURE = -1;
    private static final byte WITHDRAW = -2;

    private InboxCodec() {
    }

    static byte[] call(byte kind, long id, String from, byte[] body) {
        if (kind <= ANSWER) {
            throw new IllegalArgumentException("kind " + kind + " is not a call's: calls are positive");
        }
        byte[] f = Utf8Field.bytes(from);
        ByteBuffer out = ByteBuffer.allocate(2 + Long.BYTES + Utf8Field.size(f) + body.length)
                .put(VERSION).put(kind).putLong(id);
        return Utf8Field.put(out, f).put(body).array();
    }

    static byte[] answer(long id, byte[] body) {
        return ByteBuffer.allocate(2 + Long.BYTES + body.length).put(VERSION).put(ANSWER).putLong(id).put(body).array();
    }

    static byte[] failure(long id, String type, String message) {
        byte[] t = Utf8Field.bytes(type);
        byte[] m = Utf8Field.bytes(message);
        ByteBuffer out = ByteBuffer.allocate(2 + Long.BYTES + Utf8Field.size(t) + Utf8Field.size(m))
                .put(VERSION).put(FAILURE).putLong(id);
        return Utf8Field.put(Utf8Field.put(out, t), m).array();
    }

    static byte[] withdraw(long id, String from) {
        byte[] f = Utf8Field.bytes(from);
        ByteBuffer out = ByteBuffer.allocate(2 + Long.BYTES + Utf8Field.size(f)).put(VERSION).put(WITHDRAW).putLong(id);
        return Utf8Field.put(out, f).array();
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
            if (type == FAILURE) {
                String failed = Utf8Field.read(in);
                String message = Utf8Field.read(in);
                return failed == null || in.hasRemaining() ? Optional.empty()
                        : Optional.of(new InboxFrame.Failure(id, failed, message));
            }
            if (type == WITHDRAW) {
                String from = Utf8Field.read(in);
                return from == null || in.hasRemaining() ? Optional.empty() : Optional.of(new InboxFrame.Withdraw(id, from));
            }
            if (type < 0) {
                return Optional.empty();
            }
            String from = Utf8Field.read(in);
            return from == null ? Optional.empty() : Optional.of(new InboxFrame.Call(type, id, from, rest(in)));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] rest(ByteBuffer in) {
        byte[] body = new byte[in.remaining()];
        in.get(body);
        return body;
    }
}

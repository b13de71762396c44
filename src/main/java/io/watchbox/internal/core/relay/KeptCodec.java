package io.watchbox.internal.core.relay;

import static io.watchbox.internal.core.relay.CallBody.read;
import static io.watchbox.internal.core.relay.CallBody.string;
import static io.watchbox.internal.core.relay.CallBody.write;

import io.watchbox.internal.core.relay.SessionMirror.Kept;
import io.watchbox.internal.protocol.EncodedMessage;
import java.nio.ByteBuffer;

/**
 * The bytes of a kept message in a session's mirror, in two parts so that a message queued for many
 * sessions is encoded, and sent to Redis, once: a {@link #head} of the session's own ({@code VERSION}
 * byte and seq), then a {@link #body} shared by every session that queued it (its number in the
 * cluster: origin, length -1 for none, and number; then the message as a moving session carries it,
 * {@link MoveCodec}: its JSON tail and what MQTT needs beside it).
 */
public final class KeptCodec {

    static final byte VERSION = 1;
    private static final int HEAD = 1 + Long.BYTES;
    private static final String WHAT = "a mirrored message";

    private KeptCodec() {
    }

    public static byte[] head(long seq) {
        return ByteBuffer.allocate(HEAD).put(VERSION).putLong(seq).array();
    }

    public static byte[] body(EncodedMessage message, MessageId id) {
        return write(out -> {
            string(out, id == null ? null : id.origin());
            out.writeLong(id == null ? 0 : id.seq());
            string(out, message.tail());
            MoveCodec.writeForMqtt(out, message);
        });
    }

    /** A head and its body together. */
    public static byte[] encode(Kept kept) {
        byte[] body = body(kept.message(), kept.id());
        return ByteBuffer.allocate(HEAD + body.length).put(head(kept.seq())).put(body).array();
    }

    /** @throws IllegalArgumentException for bytes that are not a kept message of this version */
    public static Kept decode(byte[] bytes) {
        return read(bytes, WHAT, in -> {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("version " + version);
            }
            long seq = in.readLong();
            String origin = string(in);
            long number = in.readLong();
            EncodedMessage message = MoveCodec.readForMqtt(in, string(in));
            if (in.available() != 0) {
                throw new IllegalArgumentException("bytes past the end");
            }
            return new Kept(seq, message, origin == null ? null : new MessageId(origin, number));
        });
    }
}

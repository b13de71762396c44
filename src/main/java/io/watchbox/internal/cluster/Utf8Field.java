package io.watchbox.internal.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A string in a cluster frame ({@link RelayCodec}, {@link InboxCodec}): an int length and UTF-8 bytes; length -1 is null. */
final class Utf8Field {

    private Utf8Field() {
    }

    /** The string's UTF-8 bytes, or null for null. */
    static byte[] bytes(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    /** The room the field of these bytes takes. */
    static int size(byte[] bytes) {
        return Integer.BYTES + (bytes == null ? 0 : bytes.length);
    }

    static ByteBuffer put(ByteBuffer out, byte[] bytes) {
        return bytes == null ? out.putInt(-1) : out.putInt(bytes.length).put(bytes);
    }

    /** Reads one field; a length that is neither -1 nor within what is left is an IllegalArgumentException. */
    static String read(ByteBuffer in) {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reads one field's bytes as they are, for a message's payload, which need not be UTF-8. */
    static byte[] readBytes(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bad length " + length);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
}

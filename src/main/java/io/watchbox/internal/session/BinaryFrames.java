package io.watchbox.internal.session;

import java.nio.charset.StandardCharsets;

/**
 * Binary frames carried through the text-shaped {@link Outbox}: one char per byte (ISO-8859-1),
 * which maps every byte to a char and back unchanged. Only the connection of a binary protocol
 * (MQTT) turns them back into bytes; the outbox's order, single send in flight and limits apply
 * to them as to text.
 */
public final class BinaryFrames {

    private BinaryFrames() {
    }

    public static String carry(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    public static byte[] bytesOf(String carried) {
        return carried.getBytes(StandardCharsets.ISO_8859_1);
    }
}

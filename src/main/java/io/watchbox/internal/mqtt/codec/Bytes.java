package io.watchbox.internal.mqtt.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An immutable run of bytes: a payload, a password, correlation or authentication data. The
 * decoder hands out slices of the packet's own buffer, so a payload is never copied after it left
 * the WebSocket frame; nothing here exposes the array, so nobody can change it afterwards.
 * Equal by content.
 */
public final class Bytes {

    public static final Bytes EMPTY = new Bytes(new byte[0], 0, 0);

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int SHOWN_BYTES = 64;

    private final byte[] array;
    private final int offset;
    private final int length;

    private Bytes(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** A copy of {@code bytes}. */
    public static Bytes copyOf(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone(), 0, bytes.length);
    }

    /**
     * {@code bytes} themselves, not copied: the caller hands them over and must not change them
     * afterwards (for a payload that was just made, such as an encoded message).
     */
    public static Bytes adopt(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes, 0, bytes.length);
    }

    /** A slice of an array the codec owns and will not change. */
    static Bytes slice(byte[] array, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(array, offset, length);
    }

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    public byte get(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return array[offset + index];
    }

    /** A new array with these bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /** A read-only view, for writing to a channel without a copy. */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
    }

    /** Puts these bytes into {@code out} at its position. */
    public void writeTo(ByteBuffer out) {
        out.put(array, offset, length);
    }

    void copyTo(byte[] target, int at) {
        System.arraycopy(array, offset, target, at, length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that
                && Arrays.equals(array, offset, offset + length, that.array, that.offset, that.offset + that.length);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + array[i];
        }
        return hash;
    }

    /** Hex, cut after 64 bytes. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(length * 2 + 16).append(length).append(" bytes ");
        for (int i = 0; i < Math.min(length, SHOWN_BYTES); i++) {
            int b = array[offset + i] & 0xFF;
            text.append(HEX[b >> 4]).append(HEX[b & 0xF]);
        }
        return length > SHOWN_BYTES ? text.append("...").toString() : text.toString();
    }
}

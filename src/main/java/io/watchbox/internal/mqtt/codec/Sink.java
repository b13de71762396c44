package io.watchbox.internal.mqtt.codec;

import java.nio.ByteBuffer;

/**
 * Where the encoder writes: a {@link Counter} that only counts, to learn the remaining length first,
 * and a {@link Buffer} that writes. One writing code for both, so size and bytes cannot disagree.
 */
abstract class Sink {

    abstract void u8(int value);

    abstract void bytes(Bytes bytes);

    /** Up to 65535 bytes, and neither U+0000 nor a lone surrogate (MQTT-1.5.4-1, MQTT-1.5.4-2). */
    abstract void string(String text);

    final void u16(int value) {
        u8(value >> 8);
        u8(value);
    }

    final void u32(long value) {
        u8((int) (value >> 24));
        u8((int) (value >> 16));
        u8((int) (value >> 8));
        u8((int) value);
    }

    final void varint(int value) {
        Varint.size(value);
        do {
            int b = value & 0x7F;
            value >>>= 7;
            u8(value > 0 ? b | 0x80 : b);
        } while (value > 0);
    }

    final void binary(Bytes bytes) {
        if (bytes.length() > 0xFFFF) {
            throw new IllegalArgumentException("binary data of " + bytes.length() + " bytes is over 65535");
        }
        u16(bytes.length());
        bytes(bytes);
    }

    /** The UTF-8 length of {@code text}, refusing what MQTT strings may not hold. */
    static int utf8Length(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw new IllegalArgumentException("U+0000 in an MQTT string");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("a lone surrogate in an MQTT string");
            } else {
                length += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("a string of " + length + " UTF-8 bytes is over 65535");
        }
        return length;
    }

    static final class Counter extends Sink {
        private long count;

        @Override
        void u8(int value) {
            count++;
        }

        @Override
        void bytes(Bytes bytes) {
            count += bytes.length();
        }

        @Override
        void string(String text) {
            count += 2 + utf8Length(text);
        }

        int count() {
            if (count > Varint.MAX) {
                throw new IllegalArgumentException("a packet body of " + count + " bytes is over MQTT's 268,435,455");
            }
            return (int) count;
        }
    }

    static final class Buffer extends Sink {
        private final ByteBuffer out;

        Buffer(ByteBuffer out) {
            this.out = out;
        }

        @Override
        void u8(int value) {
            out.put((byte) value);
        }

        @Override
        void bytes(Bytes bytes) {
            bytes.writeTo(out);
        }

        /** Written char by char: the counting pass already refused what is not a valid string. */
        @Override
        void string(String text) {
            u16(utf8Length(text));
            for (int i = 0; i < text.length(); i++) {
                int c = text.codePointAt(i);
                if (c < 0x80) {
                    out.put((byte) c);
                } else if (c < 0x800) {
                    out.put((byte) (0xC0 | c >> 6)).put((byte) (0x80 | c & 0x3F));
                } else if (c < 0x10000) {
                    out.put((byte) (0xE0 | c >> 12)).put((byte) (0x80 | c >> 6 & 0x3F)).put((byte) (0x80 | c & 0x3F));
                } else {
                    out.put((byte) (0xF0 | c >> 18)).put((byte) (0x80 | c >> 12 & 0x3F))
                            .put((byte) (0x80 | c >> 6 & 0x3F)).put((byte) (0x80 | c & 0x3F));
                    i++;
                }
            }
        }
    }
}

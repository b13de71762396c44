package io.watchbox.internal.mqtt.codec;

/** The variable byte integer of section 1.5.5: 7 bits a byte, at most 4 bytes. */
final class Varint {

    /** The largest value 4 bytes hold: 268,435,455. */
    static final int MAX = 0x0FFF_FFFF;

    private Varint() {
    }

    /** How many bytes {@code value} takes. */
    static int size(int value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("variable byte integer out of range: " + value);
        }
        return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x20_0000 ? 3 : 4;
    }
}

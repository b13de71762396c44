package io.watchbox.internal.session;

import io.watchbox.internal.protocol.Utf8;

/**
 * How the {@link Outbox} joins what waits into one frame, and how it weighs a frame against the
 * bound: JSON objects of a batching client are separated by {@code \n} and weighed in UTF-8; MQTT
 * packets follow each other with nothing between (each says its own length, and MQTT over WebSocket
 * lets a frame hold several) and are weighed one byte per char, as {@link BinaryFrames} carry them.
 */
enum FrameJoining {

    LINES("\n") {
        @Override
        long bytes(String frame) {
            return Utf8.length(frame);
        }
    },

    PACKETS("") {
        @Override
        long bytes(String frame) {
            return frame.length();
        }
    };

    private final String separator;

    FrameJoining(String separator) {
        this.separator = separator;
    }

    /** What goes between two joined parts. */
    String separator() {
        return separator;
    }

    /** The bytes the separator adds to a frame (both kinds are ASCII or nothing). */
    int separatorBytes() {
        return separator.length();
    }

    /** The bytes of a frame, or of a part of one, as it goes on the wire. */
    abstract long bytes(String frame);
}

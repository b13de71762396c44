package io.watchbox.internal.protocol;

/**
 * A published message, JSON-encoded once and shared by every subscriber's queue. Only the
 * per-session {@code seq} differs between subscribers, so it is prefixed when the frame is sent.
 *
 * @param tail  the frame's fields after {@code seq}, closing brace included
 * @param bytes what the frame weighs in a queue: its UTF-8 size, a seq of up to 19 digits and its comma included
 */
public record EncodedMessage(String tail, long bytes) {

    private static final String PREFIX = "{\"type\":\"msg\",\"seq\":";

    public EncodedMessage(String tail) {
        this(tail, PREFIX.length() + 20 + Utf8.length(tail));
    }

    public String frame(long seq) {
        return new StringBuilder(PREFIX.length() + 21 + tail.length())
                .append(PREFIX).append(seq).append(',').append(tail).toString();
    }
}

package io.watchbox.internal.protocol;

/**
 * A published message, JSON-encoded once and shared by every subscriber's queue. Only the
 * per-session {@code seq} differs between subscribers, so it is prefixed when the frame is sent.
 *
 * @param tail        the frame's fields after {@code seq}, closing brace included
 * @param bytes       what the frame weighs in a queue: its UTF-8 size, a seq of up to 19 digits and its comma included
 * @param publishedAt when it was published, on the broker's nanosecond ticker ({@code System.nanoTime}
 *                    in production), or {@link #UNTIMED}
 * @param group       its group, for a session that frames it in another protocol (MQTT); null for a
 *                    message known only by its JSON tail (one that moved with its session)
 * @param msg         its text, likewise
 * @param from        the uid of the session that published it; null for the server's own messages, and
 *                    for one known only by its JSON tail (MQTT's No Local asks it)
 */
public record EncodedMessage(String tail, long bytes, long publishedAt, String group, String msg, String from) {

    /** The publish time of a message made without one (in tests): no latency is measured for it. */
    public static final long UNTIMED = Long.MIN_VALUE;

    private static final String PREFIX = "{\"type\":\"msg\",\"seq\":";

    public EncodedMessage(String tail, long bytes, long publishedAt) {
        this(tail, bytes, publishedAt, null, null, null);
    }

    public EncodedMessage(String tail, long publishedAt) {
        this(tail, publishedAt, null, null);
    }

    public EncodedMessage(String tail, long publishedAt, String group, String msg) {
        this(tail, publishedAt, group, msg, null);
    }

    public EncodedMessage(String tail, long publishedAt, String group, String msg, String from) {
        this(tail, PREFIX.length() + 20 + Utf8.length(tail), publishedAt, group, msg, from);
    }

    public EncodedMessage(String tail) {
        this(tail, UNTIMED);
    }

    public String frame(long seq) {
        return new StringBuilder(PREFIX.length() + 21 + tail.length())
                .append(PREFIX).append(seq).append(',').append(tail).toString();
    }
}

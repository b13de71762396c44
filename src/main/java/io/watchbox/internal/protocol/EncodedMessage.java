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
 * @param qos         the MQTT QoS it was published with; a message from a JSON client, REST or the
 *                    application counts as QoS 1, since its session keeps it until the client resumes
 */
public record EncodedMessage(String tail, long bytes, long publishedAt, String group, String msg, int qos) {

    /** The QoS of a message not published over MQTT (see {@link #qos()}). */
    public static final int DEFAULT_QOS = 1;

    /** The publish time of a message made without one (in tests): no latency is measured for it. */
    public static final long UNTIMED = Long.MIN_VALUE;

    private static final String PREFIX = "{\"type\":\"msg\",\"seq\":";

    public EncodedMessage(String tail, long bytes, long publishedAt, String group, String msg) {
        this(tail, bytes, publishedAt, group, msg, DEFAULT_QOS);
    }

    public EncodedMessage(String tail, long bytes, long publishedAt) {
        this(tail, bytes, publishedAt, null, null);
    }

    public EncodedMessage(String tail, long publishedAt) {
        this(tail, publishedAt, null, null);
    }

    public EncodedMessage(String tail, long publishedAt, String group, String msg) {
        this(tail, PREFIX.length() + 20 + Utf8.length(tail), publishedAt, group, msg);
    }

    public EncodedMessage(String tail) {
        this(tail, UNTIMED);
    }

    /** The same message, published with this MQTT QoS. */
    public EncodedMessage withQos(int published) {
        return published == qos ? this : new EncodedMessage(tail, bytes, publishedAt, group, msg, published);
    }

    public String frame(long seq) {
        return new StringBuilder(PREFIX.length() + 21 + tail.length())
                .append(PREFIX).append(seq).append(',').append(tail).toString();
    }
}

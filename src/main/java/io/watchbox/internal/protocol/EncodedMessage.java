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
 * @param payload     what it carries, likewise
 * @param from        the uid of the session that published it; null for the server's own messages, and
 *                    for one known only by its JSON tail (MQTT's No Local asks it)
 * @param retain      whether it was published with retain, or is a retained message sent because of a
 *                    subscription (MQTT sets its RETAIN flag from this; JSON says it in the tail)
 * @param qos         the MQTT QoS it was published with; a message from a JSON client, REST or the
 *                    application counts as QoS 1, since its session keeps it until the client resumes
 * @param properties  what an MQTT 5.0 publisher sent with it for its subscribers (user properties, expiry...),
 *                    {@link MessageProperties#EMPTY} for most messages; not in the JSON tail
 * @param frames      its MQTT frames, made once for all subscribers alike; not part of its value
 */
public record EncodedMessage(String tail, long bytes, long publishedAt, String group, Payload payload, String from,
                             Retain retain, int qos, MessageProperties properties, FrameCache frames) {

    /** How a message relates to the retained messages. */
    public enum Retain {
        /** Published without retain. */
        NONE,
        /** Published with retain, and delivered live: marked only for MQTT 5.0 retain-as-published. */
        PUBLISHED,
        /** A retained message from the store, sent because of a subscription: always marked. */
        STORED
    }

    /** The QoS of a message not published over MQTT (see {@link #qos()}). */
    public static final int DEFAULT_QOS = 1;

    /** The publish time of a message made without one (in tests): no latency is measured for it. */
    public static final long UNTIMED = Long.MIN_VALUE;

    private static final String PREFIX = "{\"type\":\"msg\",\"seq\":";

    public EncodedMessage {
        if (properties == null) {
            properties = MessageProperties.EMPTY;
        }
        if (frames == null) {
            frames = new FrameCache();
        }
    }

    public EncodedMessage(String tail, long bytes, long publishedAt, String group, Payload payload, String from,
                          Retain retain, int qos, MessageProperties properties) {
        this(tail, bytes, publishedAt, group, payload, from, retain, qos, properties, null);
    }

    public EncodedMessage(String tail, long bytes, long publishedAt, String group, Payload payload, String from,
                          Retain retain) {
        this(tail, bytes, publishedAt, group, payload, from, retain, DEFAULT_QOS, MessageProperties.EMPTY);
    }

    /** A message known only by its JSON tail and weight (one that moved with its session). */
    public EncodedMessage(String tail, long bytes, long publishedAt) {
        this(tail, bytes, publishedAt, null, null, null, Retain.NONE, DEFAULT_QOS, MessageProperties.EMPTY);
    }

    public EncodedMessage(String tail, long publishedAt) {
        this(tail, publishedAt, null, null, null, Retain.NONE);
    }

    public EncodedMessage(String tail, long publishedAt, String group, Payload payload) {
        this(tail, publishedAt, group, payload, null, Retain.NONE);
    }

    public EncodedMessage(String tail, long publishedAt, String group, Payload payload, String from, Retain retain) {
        this(tail, publishedAt, group, payload, from, retain, MessageProperties.EMPTY);
    }

    public EncodedMessage(String tail, long publishedAt, String group, Payload payload, String from, Retain retain,
                          MessageProperties properties) {
        this(tail, PREFIX.length() + 20 + Utf8.length(tail), publishedAt, group, payload, from, retain, DEFAULT_QOS,
                properties);
    }

    public EncodedMessage(String tail) {
        this(tail, UNTIMED);
    }

    /** The same message, published with this MQTT QoS. */
    public EncodedMessage withQos(int published) {
        return published == qos ? this : new EncodedMessage(tail, bytes, publishedAt, group, payload, from, retain, published,
                properties, null);
    }

    public String frame(long seq) {
        return new StringBuilder(PREFIX.length() + 21 + tail.length())
                .append(PREFIX).append(seq).append(',').append(tail).toString();
    }
}

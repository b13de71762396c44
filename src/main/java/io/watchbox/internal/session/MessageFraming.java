package io.watchbox.internal.session;

import io.watchbox.internal.protocol.EncodedMessage;

/**
 * How one connection writes its session's messages: JSON sessions send the shared encoded frame
 * with their seq; an MQTT connection writes a PUBLISH packet of its own, sends again what its client
 * has not acknowledged, and holds messages back while its in-flight window is full.
 */
@FunctionalInterface
public interface MessageFraming {

    /** The JSON protocol's {@code msg} frame. */
    MessageFraming JSON = EncodedMessage::frame;

    /**
     * The frame of a message queued as {@code seq} in the session, or null when this connection
     * does not deliver it (MQTT's No Local): the outbox goes on with the next message (it is taken all the same).
     */
    String frame(EncodedMessage message, long seq);

    /** A frame to send before any queued message (an MQTT resend), or null. */
    default String resend() {
        return null;
    }

    /** Whether the next queued message may be taken now; false holds the queue until {@link Outbox#wake()}. */
    default boolean mayTake() {
        return true;
    }
}

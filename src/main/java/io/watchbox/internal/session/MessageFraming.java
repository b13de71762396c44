package io.watchbox.internal.session;

import io.watchbox.internal.protocol.EncodedMessage;

/**
 * How one connection writes a queued message: JSON sessions send the shared encoded frame with
 * their seq; an MQTT connection writes a PUBLISH packet of its own.
 */
@FunctionalInterface
public interface MessageFraming {

    /** The JSON protocol's {@code msg} frame. */
    MessageFraming JSON = EncodedMessage::frame;

    /**
     * The frame of a message queued as {@code seq} in the session, or null when this connection
     * does not deliver it (MQTT's No Local): the outbox goes on with the next message.
     */
    String frame(EncodedMessage message, long seq);
}

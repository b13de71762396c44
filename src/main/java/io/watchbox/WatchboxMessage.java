package io.watchbox;

import java.time.Instant;

/**
 * CDI event fired for every message a client publishes (a JSON {@code pub} or an MQTT PUBLISH),
 * after it has been queued for its subscribers. Messages published with {@link Watchbox#publish}
 * or over REST fire none.
 *
 * <p>Observe it with {@code @Observes} or {@code @ObservesAsync}. Synchronous observers are called
 * on a container-managed thread, never a client's, one event at a time and in the order the
 * broker saw them (together with {@link WatchboxTimeout}); asynchronous ones through
 * {@code fireAsync}, in no promised order. A slow or throwing observer never delays or breaks
 * delivery to clients: a failure is logged on {@code watchbox.error}, and if observers fall
 * 100,000 events behind, newer events are dropped with a warning. No event is fired once the
 * application stops.
 *
 * <p>A message is text or bytes: {@link #msg()} is its text and {@link #bytes()} its exact bytes.
 * An MQTT client may publish bytes that are not UTF-8; {@link #isText()} says whether
 * {@link #msg()} is exactly what was published.
 *
 * <p>Watchbox makes the instances, immutable, and two are equal when every field is. Later
 * versions add fields as new methods, so this interface is not for applications to implement
 * (a test double of one may need the new methods).
 */
public interface WatchboxMessage {

    /** The publishing client's uid (an MQTT client's client id). */
    String uid();

    /** The publishing client's user name, or null for an anonymous client. */
    String user();

    /** The group it published to. */
    String group();

    /**
     * The message text. When the message is not UTF-8 text ({@link #isText()} false), its bytes
     * decoded with each malformed sequence replaced by U+FFFD: use {@link #bytes()} then.
     */
    String msg();

    /** The message's bytes, exactly as published (the UTF-8 of the text a JSON client sent); a new copy on each call. */
    byte[] bytes();

    /** Whether the message is UTF-8 text, so that {@link #msg()} holds it whole. */
    boolean isText();

    /** When the server received it. */
    Instant time();
}

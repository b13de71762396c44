package io.watchbox.client;

/**
 * A message delivered to a subscription.
 *
 * @param seq   the session's sequence number of this message (1, 2, 3, ...)
 * @param group the group the message was published to (never a wildcard)
 * @param text  the message text
 * @param from  the publisher's uid, or {@code null} when the server itself published it
 */
public record Message(long seq, String group, String text, String from) {
}

package io.watchbox.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A message delivered to a subscription. A message is bytes: one published as text (or as bytes
 * that are UTF-8) arrives as its text; any other (an MQTT client may publish any bytes) arrives
 * as the base64 of its bytes, with {@code encoding} {@value #BASE64}. {@link #bytes()} gives the
 * exact bytes either way.
 *
 * @param seq      the session's sequence number of this message (1, 2, 3, ...)
 * @param group    the group the message was published to (never a wildcard)
 * @param text     the message text; when {@code encoding} is {@value #BASE64}, the base64 of its bytes
 * @param from     the publisher's uid, or {@code null} when the server itself published it
 * @param encoding {@code null} for text, or {@value #BASE64} for bytes that are not UTF-8 text
 */
public record Message(long seq, String group, String text, String from, String encoding) {

    /** The {@code encoding} of a message whose {@code text} is the base64 (RFC 4648) of its bytes. */
    public static final String BASE64 = "base64";

    /** A message of text. */
    public Message(long seq, String group, String text, String from) {
        this(seq, group, text, from, null);
    }

    /** Whether {@link #text()} is the message text itself, not the base64 of bytes. */
    public boolean isText() {
        return encoding == null;
    }

    /** The message's bytes as published: the UTF-8 of its text, or the bytes its base64 stands for. A new array on each call. */
    public byte[] bytes() {
        return BASE64.equals(encoding) ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
    }
}

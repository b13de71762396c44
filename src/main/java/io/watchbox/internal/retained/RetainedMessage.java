package io.watchbox.internal.retained;

import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.protocol.Utf8;
import java.util.Objects;

/**
 * A group's retained message: the newest message published to it with retain, which every new
 * subscription that matches the group receives first.
 *
 * @param group      the group it was published to
 * @param payload    what it carries, text or bytes; never empty (an empty retained message clears the group instead)
 * @param from       the uid of the session that published it, or null when the server did
 * @param retainedAt when it was retained, in epoch milliseconds
 */
public record RetainedMessage(String group, Payload payload, String from, long retainedAt) {

    public RetainedMessage {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(payload, "payload");
    }

    /** What it weighs against {@code watchbox.retained.maxbytes}: the UTF-8 bytes of its group, and its payload's bytes. */
    public long bytes() {
        return Utf8.length(group) + payload.size();
    }

    /** Whether publishing it clears its group's retained message rather than keeping it. */
    public boolean clears() {
        return payload.size() == 0;
    }
}

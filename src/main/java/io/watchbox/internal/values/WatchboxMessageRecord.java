package io.watchbox.internal.values;

import io.watchbox.WatchboxMessage;
import io.watchbox.internal.protocol.Payload;
import java.time.Instant;

/** {@link WatchboxMessage} as the broker fires it; the fields are documented there. */
public record WatchboxMessageRecord(String uid, String user, String group, Payload payload, Instant time)
        implements WatchboxMessage {

    /** A message of text. */
    public WatchboxMessageRecord(String uid, String user, String group, String msg, Instant time) {
        this(uid, user, group, Payload.ofText(msg), time);
    }

    @Override
    public String msg() {
        return payload.text();
    }

    @Override
    public byte[] bytes() {
        return payload.toByteArray();
    }

    @Override
    public boolean isText() {
        return payload.isText();
    }
}

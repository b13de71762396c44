package io.watchbox.internal.values;

import io.watchbox.SessionInfo;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import java.util.Set;

/** {@link SessionInfo} as the broker makes it and {@code GET /clients} writes it; the fields are documented there. */
public record SessionInfoRecord(String uid, boolean connected, Set<String> groups, long queued, Instant lastSeen,
                                long queuedBytes, @JsonbNillable String user, @JsonbNillable String replica)
        implements SessionInfo {

    /** A session of this replica, before it is known which replica that is. */
    public SessionInfoRecord(String uid, boolean connected, Set<String> groups, long queued, Instant lastSeen,
                             long queuedBytes, String user) {
        this(uid, connected, groups, queued, lastSeen, queuedBytes, user, null);
    }

    /** The same session, held by this replica. */
    public static SessionInfo heldBy(SessionInfo s, String replica) {
        return new SessionInfoRecord(s.uid(), s.connected(), s.groups(), s.queued(), s.lastSeen(), s.queuedBytes(),
                s.user(), replica);
    }
}

package io.watchbox.internal.values;

import io.watchbox.SessionInfo;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import java.util.Set;

/** {@link SessionInfo} as the broker makes it and {@code GET /clients} writes it; the fields are documented there. */
public record SessionInfoRecord(String uid, boolean connected, Set<String> groups, long queued, Instant lastSeen,
                                long queuedBytes, @JsonbNillable String user, String protocol,
                                @JsonbNillable String replica)
        implements SessionInfo {

    /** The protocol of a session that says nothing else. */
    public static final String JSON = "json";
    /** The protocol of a session whose client speaks MQTT. */
    public static final String MQTT = "mqtt";

    /** A JSON session of this replica, before it is known which replica that is. */
    public SessionInfoRecord(String uid, boolean connected, Set<String> groups, long queued, Instant lastSeen,
                             long queuedBytes, String user) {
        this(uid, connected, groups, queued, lastSeen, queuedBytes, user, JSON, null);
    }

    /** A JSON session held by a replica. */
    public SessionInfoRecord(String uid, boolean connected, Set<String> groups, long queued, Instant lastSeen,
                             long queuedBytes, String user, String replica) {
        this(uid, connected, groups, queued, lastSeen, queuedBytes, user, JSON, replica);
    }

    /** The same session, held by this replica. */
    public static SessionInfo heldBy(SessionInfo s, String replica) {
        return new SessionInfoRecord(s.uid(), s.connected(), s.groups(), s.queued(), s.lastSeen(), s.queuedBytes(),
                s.user(), s.protocol(), replica);
    }
}

package io.watchbox;

import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import java.util.Set;

/**
 * A snapshot of one session, as {@code GET /clients} shows it.
 *
 * @param queued   messages queued for the session and not yet written to its socket
 * @param lastSeen the last frame from the client, or the moment its socket dropped
 * @param queuedBytes what the session's kept messages weigh, in bytes (at most {@code watchbox.maxqueuedbytes})
 * @param user     the user name of the client attached last (the one it authenticated as), or
 *                 null when that client is anonymous (written as {@code null} in JSON, not left out)
 * @param replica  cluster mode: the id of the replica that holds the session; null on a single node
 *                 (written as {@code null} in JSON, not left out)
 */
public record SessionInfo(String uid, boolean connected, Set<String> groups, long queued, Instant lastSeen,
                          long queuedBytes, @JsonbNillable String user, @JsonbNillable String replica) {

    /** A session of this replica, before it is known which replica that is. */
    public SessionInfo(String uid, boolean connected, Set<String> groups, long queued, Instant lastSeen,
                       long queuedBytes, String user) {
        this(uid, connected, groups, queued, lastSeen, queuedBytes, user, null);
    }

    /** The same session, held by this replica. */
    public SessionInfo heldBy(String replica) {
        return new SessionInfo(uid, connected, groups, queued, lastSeen, queuedBytes, user, replica);
    }
}

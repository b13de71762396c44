package io.watchbox;

import java.time.Instant;
import java.util.Set;

/**
 * A snapshot of one session, as {@code GET /clients} shows it.
 *
 * <p>Watchbox makes the instances, immutable, and two are equal when every field is. Later
 * versions add fields as new methods, so this interface is not for applications to implement
 * (a test double of one may need the new methods).
 */
public interface SessionInfo {

    /** The session's uid. */
    String uid();

    /** Whether a client's socket is attached now. */
    boolean connected();

    /** The filters it is subscribed to. */
    Set<String> groups();

    /** Messages queued for the session and not yet written to its socket. */
    long queued();

    /** The last frame from the client, or the moment its socket dropped. */
    Instant lastSeen();

    /** What the session's kept messages weigh, in bytes (at most {@code watchbox.maxqueuedbytes}). */
    long queuedBytes();

    /**
     * The user name of the client attached last (the one it authenticated as), or null when that
     * client is anonymous (written as {@code null} in JSON, not left out).
     */
    String user();

    /** The protocol its client speaks: {@code json} (the Watchbox protocol) or {@code mqtt}. */
    String protocol();

    /**
     * Cluster mode: the id of the replica that holds the session; null on a single node (written as
     * {@code null} in JSON, not left out).
     */
    String replica();
}

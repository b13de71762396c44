package io.watchbox.internal.core.relay;

/** The kinds of calls between replicas ({@link ClusterRelay#call}); a replica ignores, with a warning, a kind it does not know. */
public final class CallKinds {

    /** Take a session from its holder ({@link MoveCodec}). */
    public static final byte TAKE = 1;
    /** End a session on its holder: the body is the uid in UTF-8; the answer one byte, 1 if it ended. */
    public static final byte KICK = 2;
    /**
     * This replica's sessions, for a cluster-wide view: the body is empty for every one, or a uid in
     * UTF-8 for that one only; the answer, {@link ViewCodec#encodeSessions}.
     */
    public static final byte SESSIONS = 3;
    /** This replica's counters, for a cluster-wide view: the body is empty; the answer, {@link ViewCodec#encode}. */
    public static final byte STATS = 4;
    /** This replica's subscribed filters, for a cluster-wide view: the body is empty; the answer, {@link ViewCodec#encodeGroups}. */
    public static final byte GROUPS = 5;
    /**
     * A replica that is stopping asks another to take one of its sessions ({@link #TAKE}s it back),
     * for the session to outlive it: the body is a {@link MoveCodec.Take} with the session's key; the
     * answer one byte, 1 if the callee will take it, 0 if it will not (it is stopping too).
     */
    public static final byte HAND_OVER = 6;

    private CallKinds() {
    }
}

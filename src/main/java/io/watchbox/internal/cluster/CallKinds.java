package io.watchbox.internal.cluster;

/** The kinds of calls between replicas ({@link ClusterRelay#call}); a replica ignores, with a warning, a kind it does not know. */
public final class CallKinds {

    /** Take a session from its holder ({@link MoveCodec}). */
    public static final byte TAKE = 1;
    /** End a session on its holder: the body is the uid in UTF-8; the answer one byte, 1 if it ended. */
    public static final byte KICK = 2;

    private CallKinds() {
    }
}

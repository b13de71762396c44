package io.watchbox.internal.core;

/**
 * Cluster mode: the replica that holds a session did not begin to give it in time, and kept it when
 * the take was withdrawn. The session is whole there; the client is told to try again (1013, or
 * CONNACK "server busy") rather than given a new session that would stand in its way.
 */
final class HolderBusyException extends Exception {

    private static final long serialVersionUID = 1L;

    HolderBusyException(String uid, String holder) {
        super("session " + uid + " is held by replica " + holder + ", too busy to hand it over now: try again",
                null, false, false);
    }
}

package io.watchbox.internal.core.relay;

/**
 * A call its caller withdrew ({@link ClusterRelay#withdraw}) before the replica called began to
 * answer it: that replica never will, and nothing the call asked for happened there.
 */
public final class CallWithdrawnException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CallWithdrawnException(String replica) {
        super("withdrawn before replica " + replica + " began to answer it");
    }
}

package io.watchbox.internal.core.relay;

/**
 * A call to another replica failed there: its handler threw. The caller learns it at once, with
 * what was thrown, rather than waiting out the call's timeout.
 */
public final class RemoteCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String replica;
    private final String remoteType;
    private final String remoteMessage;

    /**
     * @param replica       the replica called
     * @param remoteType    the class name of what its handler threw
     * @param remoteMessage that throwable's message, or null
     */
    public RemoteCallException(String replica, String remoteType, String remoteMessage) {
        super("replica " + replica + " failed to answer: " + remoteType
                + (remoteMessage == null ? "" : ": " + remoteMessage));
        this.replica = replica;
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
    }

    public String replica() {
        return replica;
    }

    /** The class name of what the handler threw, such as {@code java.lang.IllegalStateException}. */
    public String remoteType() {
        return remoteType;
    }

    /** The message of what the handler threw, or null. */
    public String remoteMessage() {
        return remoteMessage;
    }
}

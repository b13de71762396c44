package io.watchbox;

/** A credential that is not acceptable: expired, badly signed, for another audience, unknown. */
public final class WatchboxAuthenticationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param reason why, in words the client may read */
    public WatchboxAuthenticationException(String reason) {
        super(reason);
    }

    /**
     * @param reason why, in words the client may read
     * @param cause  what failed underneath
     */
    public WatchboxAuthenticationException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

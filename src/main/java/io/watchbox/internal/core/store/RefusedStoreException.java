package io.watchbox.internal.core.store;

/** A store file that this version of Watchbox does not read: corrupt, of another program, or of a newer version. */
public final class RefusedStoreException extends Exception {

    public RefusedStoreException(String reason) {
        super(reason);
    }

    public RefusedStoreException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

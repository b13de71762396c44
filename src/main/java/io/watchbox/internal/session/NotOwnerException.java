package io.watchbox.internal.session;

/** A hello named a live session without its resume key. */
public final class NotOwnerException extends Exception {

    private static final long serialVersionUID = 1L;

    public NotOwnerException(String uid) {
        super("session " + uid + " is in use; resuming or taking it over needs its resume key", null, false, false);
    }
}

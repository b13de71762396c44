package io.watchbox.client;

/** The client was closed; it accepts no more requests. */
public class WatchboxClosedException extends WatchboxException {
    private static final long serialVersionUID = 1L;

    public WatchboxClosedException(String message) {
        super(message);
    }
}

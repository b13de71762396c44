package io.watchbox.client;

/** Base of every failure the Watchbox client reports. Unchecked. */
public class WatchboxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WatchboxException(String message) {
        super(message);
    }

    public WatchboxException(String message, Throwable cause) {
        super(message, cause);
    }
}

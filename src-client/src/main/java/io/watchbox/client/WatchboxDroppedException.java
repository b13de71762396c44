package io.watchbox.client;

/**
 * A publish made while disconnected was dropped from the full offline buffer to make room for
 * a newer one; it was never sent.
 */
public class WatchboxDroppedException extends WatchboxException {
    private static final long serialVersionUID = 1L;

    public WatchboxDroppedException(String message) {
        super(message);
    }
}

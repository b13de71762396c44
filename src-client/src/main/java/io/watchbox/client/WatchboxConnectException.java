package io.watchbox.client;

/**
 * The client could not connect, or lost its connection and will not reconnect by itself
 * (auto-reconnect off, or the server closed with a code that forbids reconnecting).
 */
public class WatchboxConnectException extends WatchboxException {
    private static final long serialVersionUID = 1L;

    public WatchboxConnectException(String message) {
        super(message);
    }

    public WatchboxConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}

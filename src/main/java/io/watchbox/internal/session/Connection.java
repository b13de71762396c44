package io.watchbox.internal.session;

import java.util.function.Consumer;

/** The transport under one client connection, as the broker sees it. */
public interface Connection {

    /**
     * Starts sending one frame: text, or for a binary protocol's connection the bytes that
     * {@link BinaryFrames} carries. The caller never has more than one send in flight;
     * {@code done} receives null on success or the failure.
     */
    void send(String text, Consumer<Throwable> done);

    /** Closes the connection with a WebSocket close code and reason; never throws. */
    void close(int code, String reason);
}

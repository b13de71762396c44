package io.watchbox.client.internal;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Opens text-frame connections. Kept small so that tests can replace the JDK WebSocket with a
 * fake one.
 */
public interface Transport {

    /**
     * Opens a connection. The stage fails when the server cannot be reached within
     * {@code timeout}. {@code listener} receives whole text frames, in order, and at most one of
     * {@code onClose}/{@code onError}.
     */
    CompletionStage<Connection> connect(URI uri, Duration timeout, Listener listener);

    /** Events of one connection. May be called on any thread, one at a time. */
    interface Listener {
        void onText(String text);

        void onClose(int code, String reason);

        void onError(Throwable error);
    }

    /** One open connection. Callers send from one thread at a time. */
    interface Connection {
        /** Queues a text frame; frames go out one after another in call order. */
        void send(String text);

        /**
         * Starts the closing handshake after the frames already queued; the stage completes
         * once the close frame is written (or writing failed).
         */
        CompletionStage<?> close(int code, String reason);

        /** Drops the connection at once, without a handshake. */
        void abort();
    }
}

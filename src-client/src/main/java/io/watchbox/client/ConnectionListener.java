package io.watchbox.client;

/**
 * Connection events of a {@link WatchboxClient}. Every method runs on the client's callback
 * executor, in order with message handlers, and <strong>must not block</strong>. An exception
 * thrown here is logged and ignored.
 */
public interface ConnectionListener {

    /**
     * The connection was lost or ended, once per drop. Typical reasons: {@code "replaced"}
     * (4409, another connection took the uid over), {@code "kicked"} (1008, removed by the
     * server's administrator), {@code "forbidden"}, {@code "protocol-error"},
     * {@code "timeout"}, {@code "keepalive"} (nothing heard from the server for two thirds of the
     * session timeout), or a close code / I/O error description.
     */
    default void onDisconnect(String reason) {
    }

    /**
     * A connection came back after a drop, once per successful reconnect (not for the first
     * connect).
     *
     * @param resumed {@code true} when the server kept the session and replays what was missed;
     *                {@code false} when it started a new session (the client subscribes again
     *                by itself)
     */
    default void onReconnect(boolean resumed) {
    }

    /**
     * The sequence numbers show that {@code count} messages were lost, for example because the
     * session's queue overflowed while the client was away.
     */
    default void onSkipped(long count) {
    }
}

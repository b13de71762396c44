package io.watchbox;

import java.util.List;
import java.util.Map;

/**
 * Decides who may connect, subscribe and publish. Provide one CDI bean implementing it to
 * restrict access; without one, everything is allowed. A refusal is answered with the
 * {@code forbidden} error (and close 4403 for a connection). Called on the client's connection
 * thread for every such request: it must be quick and must not block.
 */
public interface WatchboxAuthorizer {

    /** Allows everything: what Watchbox does when the application provides no authorizer. */
    WatchboxAuthorizer ALLOW_ALL = new WatchboxAuthorizer() {
    };

    /**
     * @param uid        the uid the client asked for, or null when it asked for a generated one
     * @param parameters the query parameters of the WebSocket handshake (where browsers put tokens)
     */
    default boolean mayConnect(String uid, Map<String, List<String>> parameters) {
        return true;
    }

    default boolean maySubscribe(String uid, String pattern) {
        return true;
    }

    default boolean mayPublish(String uid, String group) {
        return true;
    }
}

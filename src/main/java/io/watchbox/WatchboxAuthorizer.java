package io.watchbox;

import java.util.List;
import java.util.Map;

/**
 * Decides who may connect, subscribe and publish. Provide one CDI bean implementing it to
 * restrict access; it then decides instead of the {@code watchbox.acl.*} settings, and without
 * either, everything is allowed. A refusal is answered with the {@code forbidden} error (and close
 * 4403 for a connection). Called on the client's connection thread for every such request: it
 * must be quick and must not block. Use {@link GroupFilter} to compare filters: a prefix check
 * lets {@code it/#} through to {@code it/secret/x}.
 */
public interface WatchboxAuthorizer {

    /** Allows everything: what Watchbox does when the application provides no authorizer and no ACL. */
    WatchboxAuthorizer ALLOW_ALL = new WatchboxAuthorizer() {
    };

    /**
     * @param uid        the uid the client asked for, or null when it asked for a generated one
     * @param identity   who the client is, or null for an anonymous client
     * @param parameters the query parameters of the WebSocket handshake
     * @return whether the client may connect
     */
    default boolean mayConnect(String uid, WatchboxIdentity identity, Map<String, List<String>> parameters) {
        return true;
    }

    /**
     * @param uid      the session's uid
     * @param identity who the client is, or null for an anonymous client
     * @param filter   the group filter it wants, wildcards included
     * @return whether it may subscribe
     */
    default boolean maySubscribe(String uid, WatchboxIdentity identity, String filter) {
        return true;
    }

    /**
     * @param uid      the session's uid
     * @param identity who the client is, or null for an anonymous client
     * @param group    the group it publishes to
     * @return whether it may publish there
     */
    default boolean mayPublish(String uid, WatchboxIdentity identity, String group) {
        return true;
    }
}

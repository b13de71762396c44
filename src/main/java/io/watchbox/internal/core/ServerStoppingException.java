package io.watchbox.internal.core;

/**
 * A publish that reached a single server with {@code watchbox.store} after the state it saves as it
 * stops was taken: not queued, and not to be confirmed to its publisher, whose client sends it again
 * (MQTT) or learns it was not taken (no {@code ok}, a 503).
 */
public final class ServerStoppingException extends IllegalStateException {

    ServerStoppingException() {
        super("server stopping");
    }
}

package io.watchbox.client.internal;

import io.watchbox.client.ConnectionListener;
import java.net.URI;
import java.time.Duration;

/** What the user configured on the builder. */
public record ClientSettings(
        URI uri,
        String uid,
        String token,
        boolean autoReconnect,
        Duration initialBackoff,
        Duration maxBackoff,
        int offlineBufferSize,
        Duration connectTimeout,
        ConnectionListener listener) {
}

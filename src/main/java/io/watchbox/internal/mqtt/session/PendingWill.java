package io.watchbox.internal.mqtt.session;

import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.mqtt.codec.Packet;
import java.util.Objects;

/**
 * An MQTT 5.0 will whose Will Delay Interval runs, as its session carries it to another replica:
 * that replica publishes it when it is due or when the session ends, whichever comes first, unless
 * the session's client comes back before.
 *
 * @param will        the will, as its CONNECT gave it
 * @param publisher   who the connection that set it was (null: anonymous): it is published as that client
 *                    would have published it, so the authorizer decides for that identity
 * @param dueInMillis how long after the snapshot it is due (0: due already); a duration, not an instant,
 *                    so that replicas whose clocks differ agree on when
 */
public record PendingWill(Packet.Will will, WatchboxIdentity publisher, long dueInMillis) {

    public PendingWill {
        Objects.requireNonNull(will, "will");
        if (dueInMillis < 0) {
            throw new IllegalArgumentException("due in " + dueInMillis + " ms");
        }
    }
}

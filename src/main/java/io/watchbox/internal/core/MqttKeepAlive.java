package io.watchbox.internal.core;

import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.protocol.CloseCodes;
import io.watchbox.internal.session.Session;
import java.util.logging.Logger;

/**
 * The keep alive of one MQTT connection: closed after 1.5 times the interval without a packet.
 * The sweep reads it; the container's thread notes each packet.
 */
final class MqttKeepAlive {

    private static final Logger ERROR_LOG = LoggingLevel.error();

    private final MqttLink link;
    private final OpenSocket socket;
    private volatile long allowedMillis;
    private volatile long lastPacketAt;

    MqttKeepAlive(MqttLink link, OpenSocket socket) {
        this.link = link;
        this.socket = socket;
    }

    void packetArrived() {
        lastPacketAt = link.broker.now();
    }

    /** The keep alive the client is held to, in seconds (see MqttSessionStart); 0 turns it off. */
    void start(int seconds) {
        if (seconds > 0) {
            allowedMillis = seconds * 1500L;
            link.broker.keepAlive(socket);
        }
    }

    void check(long now) {
        long allowed = allowedMillis;
        Session current = link.session();
        if (allowed == 0 || current == null || link.outbox.isClosing()) {
            return; // a closing connection (replaced, say) was dealt with; the container reports its close
        }
        if (now - lastPacketAt > allowed) {
            ERROR_LOG.info(() -> "MQTT client " + link.uid() + ": nothing within 1.5 times its keep alive; closing");
            link.disconnect(ReasonCode.KEEP_ALIVE_TIMEOUT, CloseCodes.TIMED_OUT, "keep alive expired");
        } else {
            // The client's keep alive, not watchbox.timeout, says how long it may be silent while connected.
            link.broker.touch(current);
        }
    }
}

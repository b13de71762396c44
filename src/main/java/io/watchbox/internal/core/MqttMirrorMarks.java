package io.watchbox.internal.core;

import io.watchbox.internal.core.relay.ClusterRelay;
import io.watchbox.internal.core.relay.MqttMark;
import io.watchbox.internal.core.relay.SessionMirror;
import io.watchbox.internal.mqtt.session.MqttSessionState;
import io.watchbox.internal.session.Session;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * An MQTT session's side of the mirror ({@code watchbox.cluster.mirror}): each change of its state
 * that decides what an adopter sends its client, or publishes, goes to the {@link SessionMirror} in
 * order with the session's kept messages. The acknowledgements that let a client forget a packet
 * identifier (PUBREL, PUBREC, PUBCOMP) wait for their change to be written: an adopter that did not
 * know of it would send or publish the message once more.
 */
final class MqttMirrorMarks {

    private final Supplier<SessionMirror> mirror;

    MqttMirrorMarks(Supplier<SessionMirror> mirror) {
        this.mirror = mirror;
    }

    /**
     * Copies the change; done once it is written or given up, and at once without a mirror, or for a
     * session that ends with its connection (clean session): no one adopts that one.
     */
    CompletableFuture<Void> mark(Session session, MqttMark mark) {
        SessionMirror to = mirrorOf(session);
        if (to == SessionMirror.NONE) {
            return ClusterRelay.NOTHING_TO_WAIT_FOR;
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        to.mqtt(session.uid(), mark, () -> written.complete(null));
        return written;
    }

    /** Copies the change, and nothing waits for it (a message taken for the client, or acknowledged by it). */
    void note(Session session, MqttMark mark) {
        mirrorOf(session).mqtt(session.uid(), mark, () -> { });
    }

    /** The mirror, or NONE for a session no one would adopt (it ends with its connection). */
    private SessionMirror mirrorOf(Session session) {
        return session.outlivesConnection() ? mirror.get() : SessionMirror.NONE;
    }

    /** Writes the session's whole MQTT state over its copy (moved or adopted here, started afresh, or Redis restarted). */
    void whole(Session session) {
        MqttSessionState state = session.mqttIfAny();
        if (state != null) {
            note(session, new MqttMark.Whole(state.snapshot()));
        }
    }
}

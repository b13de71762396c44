package io.watchbox.internal.mqtt.session;

import java.util.HashSet;
import java.util.Set;

/**
 * The packet identifiers of the QoS 2 messages a session's client sent that were published and
 * answered with PUBREC, until the client's PUBREL: a PUBLISH sent again under one of them (after a
 * reconnect, with DUP) is not published a second time. It outlives the connection.
 */
public final class ExactlyOnceReceipts {

    private final Set<Integer> awaitingRelease = new HashSet<>();

    /** Whether a QoS 2 PUBLISH under this id was published already and awaits its PUBREL. */
    public synchronized boolean isPending(int packetId) {
        return awaitingRelease.contains(packetId);
    }

    /** The PUBLISH under this id was published: until PUBREL, a copy of it is not. */
    public synchronized void published(int packetId) {
        awaitingRelease.add(packetId);
    }

    /** PUBREL. @return whether a publish awaited it under this id */
    public synchronized boolean released(int packetId) {
        return awaitingRelease.remove(packetId);
    }

    public synchronized int size() {
        return awaitingRelease.size();
    }

    /** The packet identifiers awaiting PUBREL, for the session's move to another replica. */
    public synchronized Set<Integer> pending() {
        return Set.copyOf(awaitingRelease);
    }
}

package io.watchbox.it;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * An MQTT publisher of {@link ClusterChaosIT}: publishes "uid#1", "uid#2", ... to its group at QoS 1
 * with clean session, and records how each publish ended. A publish is confirmed when its PUBACK
 * came; one whose connection was lost first is not confirmed and never sent again, as a JSON
 * publisher's without an offline buffer: each connection is a new Paho client object, so nothing
 * Paho kept of the last one can go out again (a QoS 1 publish sent again would make a duplicate
 * that MQTT allows, not a fault). While it is not connected, a publish fails at once.
 */
final class MqttChaosPublisher implements ClusterChaosIT.Source {

    private final String uid;
    private final String group;
    private final URI uri;
    private final boolean v5;
    private volatile PahoLink link;
    final ReconnectLoop reconnects;
    private final PublishLedger ledger;

    MqttChaosPublisher(String uid, String group, boolean v5, URI uri) {
        this.uid = uid;
        this.group = group;
        this.uri = uri;
        this.v5 = v5;
        this.ledger = new PublishLedger(uid, group);
        reconnects = new ReconnectLoop(uid, this::connect, () -> link != null && link.isConnected());
    }

    /** Connects now, trying again in the background if that fails. */
    MqttChaosPublisher start() {
        reconnects.lost();
        return this;
    }

    private void connect() throws Exception {
        PahoLink last = link;
        if (last != null) {
            last.close();
        }
        PahoLink[] self = new PahoLink[1];
        PahoLink.Events events = new PahoLink.Events() {
            @Override
            public void arrived(String payload, int packetId, boolean dup) {
            }

            @Override
            public void lost() {
                if (self[0] == link) { // not a client closed for the one after it
                    reconnects.lost();
                }
            }
        };
        PahoLink fresh = v5 ? PahoLink.v5(uri, uid, true, null, events) : PahoLink.v3(uri, uid, true, events);
        self[0] = fresh;
        try {
            fresh.connect();
        } catch (Exception e) {
            fresh.close();
            throw e;
        }
        link = fresh;
    }

    boolean connected() {
        PahoLink current = link;
        return current != null && current.isConnected();
    }

    String version() {
        return v5 ? "5.0" : "3.1.1";
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public CompletableFuture<Boolean> publishNext() {
        return ledger.publishNext(number -> {
            PahoLink current = link;
            return current == null || !current.isConnected()
                    ? CompletableFuture.failedFuture(new PahoLink.MqttLost(uid + " is not connected"))
                    : current.publish(group, uid + "#" + number);
        });
    }

    @Override
    public PublishLedger ledger() {
        return ledger;
    }

    void close() {
        reconnects.close();
        PahoLink last = link;
        if (last != null) {
            last.close();
        }
    }
}

package io.watchbox.internal.core;

import io.watchbox.internal.core.relay.ClusterRelay;

/** Brokers as replicas of one cluster, joined by a relay: through a real Redis, or in memory. */
interface ClusterReplicas {

    /** One replica: its broker, the relay it relays through, and the events it fired. */
    record Replica(Broker broker, ClusterRelay relay, RecordingEvents events) {
        String id() {
            return relay.replicaId();
        }
    }

    /** Starts one more replica and returns it once its relay is connected. */
    Replica start();
}

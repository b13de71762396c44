package io.watchbox.internal.core.relay;

/** Where this replica stands with the other replicas. */
public enum ClusterState {
    /** Single-node mode: no cluster configured. */
    OFF,
    /** Connected and subscribed: publishes reach the other replicas. */
    CONNECTED,
    /** Configured but not connected (starting, or Redis unreachable): publishes reach local subscribers only. */
    DISCONNECTED
}

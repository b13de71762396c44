package io.watchbox.internal.cluster;

/**
 * Carries what this replica publishes to the other replicas, and what they publish to this one.
 * The router calls {@link #relay} after local delivery; a relay that cannot reach the others counts
 * the message as not relayed rather than hold it. Calls never block.
 */
public interface ClusterRelay extends AutoCloseable {

    /** Single-node mode ({@code watchbox.cluster.redis} not set): relays nothing and counts nothing. */
    ClusterRelay NONE = new ClusterRelay() {
        @Override
        public void relay(String group, String msg, String from) {
        }

        @Override
        public ClusterState state() {
            return ClusterState.OFF;
        }

        @Override
        public RelayCounts counts() {
            return RelayCounts.NONE;
        }

        @Override
        public void close() {
        }
    };

    /**
     * Hands a message this replica published to the other replicas, after it was delivered here.
     *
     * @param from the publishing client's uid, or null for the server
     */
    void relay(String group, String msg, String from);

    ClusterState state();

    RelayCounts counts();

    /** Stops relaying and releases the connections and threads; safe to call more than once. */
    @Override
    void close();
}

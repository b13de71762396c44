package io.watchbox.internal.core.relay;

/**
 * What a relay did since start.
 *
 * @param relayed    messages published here that Redis accepted for the other replicas
 * @param notRelayed messages published here that reached local subscribers only: Redis was
 *                   unreachable, refused the message or did not answer in time
 * @param received   messages published on other replicas and delivered to this replica's subscribers
 * @param missed     messages other replicas relayed that never reached this one: holes in their
 *                   sequence numbers (this replica's listening connection was down, say), known
 *                   when the next message from that replica arrives
 */
public record RelayCounts(long relayed, long notRelayed, long received, long missed) {
    public static final RelayCounts NONE = new RelayCounts(0, 0, 0, 0);
}

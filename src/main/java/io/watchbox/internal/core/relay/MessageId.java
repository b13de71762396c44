package io.watchbox.internal.core.relay;

/**
 * A message's identity across the cluster: the replica it was published on, and that replica's
 * running number for it, which the relay assigns in publish order. Messages that were not relayed have none.
 */
public record MessageId(String origin, long seq) {
}

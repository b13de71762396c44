package io.watchbox.internal.cluster;

/**
 * A message's identity across the cluster: the replica it was published on, and that replica's
 * running number for it ({@link RelayFrame#seq()}). Messages that were not relayed have none.
 */
public record MessageId(String origin, long seq) {
}

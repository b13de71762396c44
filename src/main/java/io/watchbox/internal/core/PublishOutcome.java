package io.watchbox.internal.core;

/**
 * What a publish did, for an answer that says it: how many sessions here it was queued for, and
 * whether the other replicas get it (always true on a single node).
 */
public record PublishOutcome(int delivered, boolean relayed) {
}

package io.watchbox.internal.retained;

/** How many retained messages a store holds, and their bytes as {@link RetainedMessage#bytes()} counts them. */
public record RetainedUsage(long count, long bytes) {
}

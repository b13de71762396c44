package io.watchbox.internal.retained;

/**
 * How much a store of retained messages may hold: {@code watchbox.retained.maxcount} groups with a
 * retained message, {@code watchbox.retained.maxbytes} bytes of them together. Passed with every
 * {@link RetainedMessages#retain}, so that a change of the settings applies from the next one.
 */
public record RetainedLimits(int maxCount, long maxBytes) {
}

package io.watchbox.internal.retained;

import java.util.List;

/**
 * The retained messages of the broker: per group the newest one published with retain. The broker
 * owns one; in single-node mode it lives in memory ({@link LocalRetainedMessages}), in cluster mode
 * in Redis, so that every replica serves the same ones. Thread-safe. A store that can be out of
 * reach refuses a {@link #retain} with {@link Retention#UNAVAILABLE}, answers {@link #matching} with
 * nothing, and throws {@link RetainedUnavailableException} from the administrators' methods.
 */
public interface RetainedMessages {

    /**
     * Keeps the message as its group's retained one, in place of the one before; an empty message
     * clears the group instead. A message that would take the store past its limits is refused, and
     * the store stays as it was.
     */
    Retention retain(RetainedMessage message, RetainedLimits limits);

    /** The retained messages of every group the filter matches ({@code $} rule included), sorted by group. */
    List<RetainedMessage> matching(String filter);

    /**
     * A page of every retained message, sorted by group.
     *
     * @param after only groups that sort after this one (String order); null for the first page
     * @param limit at most this many (positive)
     */
    List<RetainedMessage> page(String after, int limit);

    /**
     * Clears a group's retained message if it is still this one (one whose expiry ran out), not one
     * retained in its place meanwhile; false if the group holds another or none.
     */
    boolean drop(RetainedMessage message);

    /** Clears one group's retained message; false if it had none. */
    boolean clear(String group);

    /** Clears every retained message; returns how many there were. */
    long clearAll();

    /** How many retained messages are kept now, and their bytes. */
    RetainedUsage usage();
}

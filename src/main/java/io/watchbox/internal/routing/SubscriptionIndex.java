package io.watchbox.internal.routing;

import java.util.Set;
import java.util.SortedMap;

/**
 * Answers "who gets a message published to this group". Patterns may hold MQTT-style wildcards:
 * {@code +} matches exactly one level, {@code #} (last level only) the rest, including the parent.
 * Implementations are safe for concurrent use.
 *
 * @param <S> the subscriber type
 */
public interface SubscriptionIndex<S> {

    /** Adds a subscription; returns false if it was already there. */
    boolean subscribe(String pattern, S subscriber);

    /** Removes a subscription; returns false if it was not there. */
    boolean unsubscribe(String pattern, S subscriber);

    /** Every distinct subscriber with at least one pattern matching the group. */
    Set<S> match(String group);

    /** A snapshot: every pattern that has subscribers, with how many, sorted by pattern. */
    SortedMap<String, Integer> subscriberCounts();
}

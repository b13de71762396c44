package io.watchbox.internal.routing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A subscription index that knows shared subscriptions: an ordinary pattern goes to the index it
 * wraps; {@code $share/NAME/FILTER} makes the subscriber a member of that share, and a group that
 * FILTER matches is given to one member of the share only. A subscriber that is both a member and
 * an ordinary subscriber of a group is matched once.
 *
 * <p>Cluster mode: each replica matches its own sessions, so a message relayed to every replica
 * reaches one member of the share on each replica where it has members.
 *
 * @param <S> the subscriber type
 */
public final class SharingIndex<S> implements SubscriptionIndex<S> {

    private final SubscriptionIndex<S> ordinary;
    private final Predicate<? super S> available;
    /** Every share with members, by what it is; written under its own lock, read by matching. */
    private final Map<SharedSubscription, Share<S>> shares = new HashMap<>();
    private final TopicTree<Share<S>> sharesByFilter = new TopicTree<>();
    /** Whether any share exists: without one, a publish pays nothing for shares (the common case). */
    private volatile boolean anyShares;

    /**
     * @param ordinary  where ordinary patterns go
     * @param available whether a member can take a message now (connected, not behind): the others
     *                  are passed over while one can
     */
    public SharingIndex(SubscriptionIndex<S> ordinary, Predicate<? super S> available) {
        this.ordinary = ordinary;
        this.available = available;
    }

    @Override
    public boolean subscribe(String pattern, S subscriber) {
        SharedSubscription shared = sharedOrNull(pattern);
        if (shared == null) {
            return ordinary.subscribe(pattern, subscriber);
        }
        synchronized (shares) {
            Share<S> share = shares.get(shared);
            if (share == null) {
                share = new Share<>();
                shares.put(shared, share);
                sharesByFilter.subscribe(shared.filter(), share);
                anyShares = true;
            }
            return share.add(subscriber);
        }
    }

    @Override
    public boolean unsubscribe(String pattern, S subscriber) {
        SharedSubscription shared = sharedOrNull(pattern);
        if (shared == null) {
            return ordinary.unsubscribe(pattern, subscriber);
        }
        synchronized (shares) {
            Share<S> share = shares.get(shared);
            if (share == null || !share.remove(subscriber)) {
                return false;
            }
            if (share.isEmpty()) {
                shares.remove(shared);
                sharesByFilter.unsubscribe(shared.filter(), share);
                anyShares = !shares.isEmpty();
            }
            return true;
        }
    }

    @Override
    public Set<S> match(String group) {
        Set<S> matches = ordinary.match(group);
        if (!anyShares) {
            return matches;
        }
        Set<Share<S>> matchingShares = sharesByFilter.match(group);
        if (matchingShares.isEmpty()) {
            return matches;
        }
        Set<S> all = new HashSet<>(matches);
        for (Share<S> share : matchingShares) {
            S member = share.take(available);
            if (member != null) {
                all.add(member);
            }
        }
        return all;
    }

    /** The ordinary patterns' counts, and each share as {@code $share/NAME/FILTER} with its number of members. */
    @Override
    public SortedMap<String, Integer> subscriberCounts() {
        SortedMap<String, Integer> counts = new TreeMap<>(ordinary.subscriberCounts());
        synchronized (shares) {
            for (Map.Entry<SharedSubscription, Share<S>> share : shares.entrySet()) {
                counts.put(share.getKey().pattern(), share.getValue().size());
            }
        }
        return counts;
    }

    /** The share a pattern names, or null for an ordinary pattern; patterns are checked before they get here. */
    private static SharedSubscription sharedOrNull(String pattern) {
        if (!SharedSubscription.isShared(pattern)) {
            return null;
        }
        try {
            return SharedSubscription.parse(pattern);
        } catch (BadGroupException e) {
            throw new IllegalArgumentException("not a valid shared subscription: " + e.getMessage(), e);
        }
    }
}

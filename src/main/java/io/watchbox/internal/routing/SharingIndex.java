package io.watchbox.internal.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A subscription index that knows shared subscriptions: an ordinary pattern goes to the index it
 * wraps; {@code $share/NAME/FILTER} makes the subscriber a member of that share, and a group that
 * FILTER matches is given to one member of the share only. A subscriber that is both a member and
 * an ordinary subscriber of a group is matched once.
 *
 * <p>Cluster mode: each replica knows its own members only, so a message that other replicas
 * receive too is matched in two steps ({@link #matchOrdinary}, {@link #sharesMatching}): the
 * replicas race for each share, and the one that wins gives the message to a member ({@link #take}).
 *
 * @param <S> the subscriber type
 */
public final class SharingIndex<S> implements SubscriptionIndex<S> {

    private final SubscriptionIndex<S> ordinary;
    private final Predicate<? super S> available;
    /** Every share with members, by what it is; changed under its own lock, read without. */
    private final Map<SharedSubscription, Share<S>> shares = new ConcurrentHashMap<>();
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
                share = new Share<>(shared);
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

    /** The subscribers of a group but for the members of shares: {@link #match} without the shares. */
    public Set<S> matchOrdinary(String group) {
        return ordinary.match(group);
    }

    /** The shares with members here whose FILTER matches the group. */
    public List<SharedSubscription> sharesMatching(String group) {
        if (!anyShares) {
            return List.of();
        }
        Set<Share<S>> matching = sharesByFilter.match(group);
        List<SharedSubscription> which = new ArrayList<>(matching.size());
        for (Share<S> share : matching) {
            which.add(share.which());
        }
        return which;
    }

    /** Whether a member of the share here can take a message now; false when it has no members here any more. */
    public boolean anyAvailable(SharedSubscription shared) {
        Share<S> share = shares.get(shared);
        return share != null && share.anyAvailable(available);
    }

    /**
     * The member of the share that takes a message, as {@link #match} chooses one: the next available
     * one in turn, else the next in turn. Null when the share has no members here any more.
     */
    public S take(SharedSubscription shared) {
        Share<S> share = shares.get(shared);
        return share == null ? null : share.take(available);
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

package io.watchbox.internal.cluster;

import io.watchbox.internal.cluster.GroupChannels.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The channels and patterns a replica listens to in Redis, each with how many users it has (the
 * filters of the sessions here, and moves under way), and when one no longer used is let go: after
 * a grace period, so that a filter that comes and goes (a session moving away and back, a client
 * subscribing again) costs no Redis round trip each time. Not thread-safe: its owner serializes it
 * with the commands it sends, so that Redis sees them in the same order.
 */
final class RedisSubscriptions {

    private final Map<Subscription, Integer> users = new HashMap<>();
    /** Subscriptions no one uses any more, still listened to until the time given. */
    private final Map<Subscription, Long> unusedUntil = new HashMap<>();

    /** One more user; true when it is not listened to yet and must be. */
    boolean add(Subscription subscription) {
        boolean listened = users.containsKey(subscription) || unusedUntil.remove(subscription) != null;
        users.merge(subscription, 1, Integer::sum);
        return !listened;
    }

    /** One user fewer; when none is left, it is let go from {@code until} on. */
    void remove(Subscription subscription, long until) {
        Integer count = users.get(subscription);
        if (count == null) {
            return;
        }
        if (count > 1) {
            users.put(subscription, count - 1);
        } else {
            users.remove(subscription);
            unusedUntil.put(subscription, until);
        }
    }

    /**
     * A subscription given by {@link #due} that Redis did not let go: let go of it from
     * {@code until} on, unless it is used again by then.
     */
    void letGoLater(Subscription subscription, long until) {
        if (!listens(subscription)) {
            unusedUntil.put(subscription, until);
        }
    }

    /** The unused subscriptions whose grace is over: no longer listened to from now. */
    List<Subscription> due(long now) {
        List<Subscription> gone = new ArrayList<>();
        unusedUntil.entrySet().removeIf(unused -> {
            if (unused.getValue() > now) {
                return false;
            }
            gone.add(unused.getKey());
            return true;
        });
        return gone;
    }

    /** Every subscription listened to now, used or within its grace. */
    Set<Subscription> listened() {
        Set<Subscription> all = new HashSet<>(users.keySet());
        all.addAll(unusedUntil.keySet());
        return all;
    }

    boolean listens(Subscription subscription) {
        return users.containsKey(subscription) || unusedUntil.containsKey(subscription);
    }
}

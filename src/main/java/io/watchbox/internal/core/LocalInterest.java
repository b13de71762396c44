package io.watchbox.internal.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The filters this replica's sessions subscribe to, as the other replicas know them (cluster mode):
 * a filter is announced when its first session here subscribes, and withdrawn only once no session
 * here has had it for {@link #GRACE_MILLIS}, so that a session moving to another replica keeps
 * getting, through this one's interest, what is published until the other replica's is known.
 */
final class LocalInterest {

    static final long GRACE_MILLIS = 10_000;

    private final Map<String, Integer> sessions = new HashMap<>();
    private final Map<String, CompletableFuture<?>> announced = new HashMap<>();
    private final Map<String, Long> unusedSince = new HashMap<>();

    /**
     * One more session here subscribes to the filter.
     *
     * @param announce tells the other replicas, for a filter they do not know from here yet
     * @return completes once the other replicas know
     */
    synchronized CompletableFuture<?> add(String filter, Function<String, CompletableFuture<?>> announce) {
        sessions.merge(filter, 1, Integer::sum);
        unusedSince.remove(filter);
        return announced.computeIfAbsent(filter, announce);
    }

    /** One session fewer here subscribes to the filter. */
    synchronized void remove(String filter, long now) {
        Integer left = sessions.computeIfPresent(filter, (f, n) -> n > 1 ? n - 1 : null);
        if (left == null && announced.containsKey(filter)) {
            unusedSince.putIfAbsent(filter, now);
        }
    }

    /** The filters no session here has had for the grace period: no longer announced, to be withdrawn. */
    synchronized List<String> withdrawn(long now) {
        List<String> gone = new ArrayList<>();
        unusedSince.entrySet().removeIf(unused -> {
            if (now - unused.getValue() < GRACE_MILLIS) {
                return false;
            }
            announced.remove(unused.getKey());
            gone.add(unused.getKey());
            return true;
        });
        return gone;
    }

    /** Every filter announced now. */
    synchronized Set<String> announced() {
        return Set.copyOf(announced.keySet());
    }
}

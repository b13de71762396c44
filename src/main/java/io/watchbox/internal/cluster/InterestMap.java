package io.watchbox.internal.cluster;

import io.watchbox.internal.routing.TopicTree;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The filters the other replicas' sessions subscribe to: a message whose group matches none of
 * them need not go through Redis. Learnt from the replicas' calls as they change, and from their
 * sets in Redis at every heartbeat (which only adds: a removal comes by call, or with the replica).
 */
final class InterestMap {

    private final TopicTree<String> filters = new TopicTree<>();
    private final Map<String, Set<String>> byReplica = new HashMap<>();
    private final Set<String> seenAlive = new HashSet<>();

    /** Whether some other replica subscribes to a filter that matches the group. */
    boolean anyMatch(String group) {
        return !filters.match(group).isEmpty();
    }

    synchronized void add(String replica, Collection<String> added) {
        Set<String> known = byReplica.computeIfAbsent(replica, r -> new HashSet<>());
        for (String filter : added) {
            if (known.add(filter)) {
                filters.subscribe(filter, replica);
            }
        }
    }

    synchronized void remove(String replica, String filter) {
        Set<String> known = byReplica.get(replica);
        if (known != null && known.remove(filter)) {
            filters.unsubscribe(filter, replica);
        }
    }

    /**
     * Forgets the replicas that were alive and are not any more. A replica not yet seen alive is
     * kept: it may have called before this replica's view of the live ones caught up with it.
     */
    synchronized void retain(Set<String> live) {
        seenAlive.addAll(live);
        for (String replica : Set.copyOf(byReplica.keySet())) {
            if (seenAlive.contains(replica) && !live.contains(replica)) {
                seenAlive.remove(replica);
                for (String filter : byReplica.remove(replica)) {
                    filters.unsubscribe(filter, replica);
                }
            }
        }
    }
}

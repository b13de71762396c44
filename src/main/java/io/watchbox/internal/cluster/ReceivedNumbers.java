package io.watchbox.internal.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Where the numbering of each other replica stands here: the running number of its last frame
 * seen, to drop one that comes again (Lettuce may write a command again after a reconnect; a
 * channel and a pattern may both carry a message); per group, the group number of its last frame,
 * to count the holes; and the number of its last message delivered, the watermark a moving session
 * carries. A replica that is gone is forgotten ({@link #forgetGone}), so that what is kept, and what
 * rides along with every moving session, does not grow with every restart in the cluster.
 */
final class ReceivedNumbers {

    private final LongSupplier millis;
    private final long forgetAfterMillis;
    /** Per origin, the number of its last frame seen: guarded by this. */
    private final Map<String, Long> lastSeen = new HashMap<>();
    /** Per origin, when its last frame arrived: guarded by this. */
    private final Map<String, Long> lastHeard = new HashMap<>();
    /** Per origin and group, the group number of its last frame seen: guarded by this. */
    private final Map<String, Long> lastOfGroup = new LeastRecentlyUsed<>(Publishing.MAX_GROUPS);
    /** Per origin, the number of its last message delivered here: written in delivery order. */
    private final Map<String, Long> delivered = new ConcurrentHashMap<>();

    /**
     * @param millis            the time, in milliseconds
     * @param forgetAfterMillis how long after its last frame a replica the directory no longer lists is forgotten
     */
    ReceivedNumbers(LongSupplier millis, long forgetAfterMillis) {
        this.millis = millis;
        this.forgetAfterMillis = forgetAfterMillis;
    }

    /**
     * A frame arrived; called in the order Redis sent them.
     *
     * @return how many messages of its group from its origin never arrived before it, or empty
     *         when it was seen already and must be dropped
     */
    synchronized OptionalLong arrived(RelayFrame frame) {
        lastHeard.put(frame.origin(), millis.getAsLong());
        Long last = lastSeen.get(frame.origin());
        if (last != null && frame.seq() <= last) {
            return OptionalLong.empty();
        }
        lastSeen.put(frame.origin(), frame.seq());
        Long lastInGroup = lastOfGroup.put(key(frame.origin(), frame.group()), frame.groupSeq());
        return OptionalLong.of(lastInGroup == null ? 0 : Math.max(0, frame.groupSeq() - lastInGroup - 1));
    }

    /** The frame numbered {@code seq} from {@code origin} was delivered; called in delivery order. */
    void delivered(String origin, long seq) {
        delivered.put(origin, seq);
    }

    /** Per origin, the number of its last message delivered here. */
    Map<String, Long> delivered() {
        return new HashMap<>(delivered);
    }

    /**
     * Forgets where the numbering of these groups stood: when one is listened to again, what
     * passed in between is not a hole.
     */
    synchronized void forgetGroups(Predicate<String> group) {
        lastOfGroup.keySet().removeIf(key -> group.test(key.substring(key.indexOf('\n') + 1)));
    }

    /**
     * Forgets the replicas that are gone: not among the live ones the directory lists, and not
     * heard from for the expiry. Both, so that a replica that started after the directory's last
     * reading is kept, and so is one that died a moment ago, whose last messages a session moving
     * now may still need the watermark of.
     *
     * @return the replicas forgotten
     */
    synchronized Set<String> forgetGone(Set<String> live) {
        long now = millis.getAsLong();
        Set<String> known = new HashSet<>(lastSeen.keySet());
        known.addAll(delivered.keySet());
        Set<String> gone = new HashSet<>();
        for (String origin : known) {
            Long heard = lastHeard.get(origin);
            if (!live.contains(origin) && (heard == null || now - heard >= forgetAfterMillis)) {
                gone.add(origin);
            }
        }
        if (gone.isEmpty()) {
            return gone;
        }
        lastSeen.keySet().removeAll(gone);
        lastHeard.keySet().removeAll(gone);
        delivered.keySet().removeAll(gone);
        lastOfGroup.keySet().removeIf(key -> gone.contains(key.substring(0, key.indexOf('\n'))));
        return gone;
    }

    private static String key(String origin, String group) {
        return origin + '\n' + group; // a group holds no control character
    }
}

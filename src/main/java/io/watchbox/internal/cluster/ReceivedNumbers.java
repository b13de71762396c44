package io.watchbox.internal.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Where the numbering of each other replica stands here: the running number of its last frame
 * seen, to drop one that comes again (Lettuce may write a command again after a reconnect; a
 * channel and a pattern may both carry a message); per group, the group number of its last frame,
 * to count the holes; and the number of its last message delivered, the watermark a moving session
 * carries.
 */
final class ReceivedNumbers {

    /** Per origin, the number of its last frame seen: written on the listening connection's event loop only. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    /** Per origin and group, the group number of its last frame seen: guarded by itself. */
    private final Map<String, Long> lastOfGroup = new LeastRecentlyUsed<>(Publishing.MAX_GROUPS);
    /** Per origin, the number of its last message delivered here: written in delivery order. */
    private final Map<String, Long> delivered = new ConcurrentHashMap<>();

    /**
     * A frame arrived; called in the order Redis sent them.
     *
     * @return how many messages of its group from its origin never arrived before it, or empty
     *         when it was seen already and must be dropped
     */
    OptionalLong arrived(RelayFrame frame) {
        Long last = lastSeen.get(frame.origin());
        if (last != null && frame.seq() <= last) {
            return OptionalLong.empty();
        }
        lastSeen.put(frame.origin(), frame.seq());
        String key = frame.origin() + '\n' + frame.group(); // a group holds no control character
        synchronized (lastOfGroup) {
            Long lastInGroup = lastOfGroup.put(key, frame.groupSeq());
            return OptionalLong.of(lastInGroup == null ? 0 : Math.max(0, frame.groupSeq() - lastInGroup - 1));
        }
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
    void forgetGroups(Predicate<String> group) {
        synchronized (lastOfGroup) {
            lastOfGroup.keySet().removeIf(key -> group.test(key.substring(key.indexOf('\n') + 1)));
        }
    }
}

package io.watchbox.internal.core.relay;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Per replica, the number up to which every message of it delivered here has been queued for the
 * sessions it matched: what a mirror writes beside the kept messages so that an adopter replays
 * nothing older. Another replica's messages are delivered here one at a time, in its order, with
 * gaps (groups no session here listens to): its mark is the last. This replica's own are numbered
 * in order but delivered by their publishers' threads in any order: its mark waits for the holes.
 */
public final class DeliveredMarks {

    private final String self;
    private final Map<String, Long> marks = new HashMap<>();
    /** Own numbers delivered past a hole in the mark. */
    private final TreeSet<Long> ownAhead = new TreeSet<>();

    /** @param self this replica's id, whose numbers are all delivered here */
    public DeliveredMarks(String self) {
        this.self = self;
    }

    public synchronized void delivered(MessageId id) {
        if (!id.origin().equals(self)) {
            marks.merge(id.origin(), id.seq(), Math::max);
            return;
        }
        long mark = marks.getOrDefault(self, 0L);
        if (id.seq() != mark + 1) {
            ownAhead.add(id.seq());
            return;
        }
        mark = id.seq();
        while (!ownAhead.isEmpty() && ownAhead.first() == mark + 1) {
            mark = ownAhead.pollFirst();
        }
        marks.put(self, mark);
    }

    /** The marks now. */
    public synchronized Map<String, Long> now() {
        return Map.copyOf(marks);
    }
}

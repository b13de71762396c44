package io.watchbox.internal.retained;

import io.watchbox.GroupFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The retained messages of a single node, in memory, sorted by group. One lock guards the map and
 * its byte count together, so that the limits hold however many publishers retain at once. A
 * wildcard lookup walks every group: their number is bounded by {@code watchbox.retained.maxcount},
 * and it runs once per subscription, not per message; a filter without wildcards is one lookup.
 */
public final class LocalRetainedMessages implements RetainedMessages {

    private final TreeMap<String, RetainedMessage> byGroup = new TreeMap<>();
    private long bytes;

    @Override
    public synchronized Retention retain(RetainedMessage message, RetainedLimits limits) {
        if (message.clears()) {
            RetainedMessage old = byGroup.remove(message.group());
            if (old != null) {
                bytes -= old.bytes();
            }
            return Retention.CLEARED;
        }
        RetainedMessage old = byGroup.get(message.group());
        if (old == null && byGroup.size() >= limits.maxCount()) {
            return Retention.TOO_MANY;
        }
        long after = bytes - (old == null ? 0 : old.bytes()) + message.bytes();
        if (after > limits.maxBytes()) {
            return Retention.TOO_LARGE;
        }
        byGroup.put(message.group(), message);
        bytes = after;
        return Retention.KEPT;
    }

    @Override
    public synchronized List<RetainedMessage> matching(String filter) {
        if (!filter.contains("+") && !filter.contains("#")) {
            RetainedMessage one = byGroup.get(filter);
            return one == null ? List.of() : List.of(one);
        }
        List<RetainedMessage> found = new ArrayList<>();
        for (RetainedMessage message : byGroup.values()) {
            if (GroupFilter.matches(filter, message.group())) {
                found.add(message);
            }
        }
        return found;
    }

    @Override
    public synchronized List<RetainedMessage> page(String after, int limit) {
        var rest = after == null ? byGroup.values() : byGroup.tailMap(after, false).values();
        return rest.stream().limit(limit).toList();
    }

    @Override
    public synchronized boolean drop(RetainedMessage message) {
        return byGroup.get(message.group()) == message && clear(message.group());
    }

    @Override
    public synchronized boolean clear(String group) {
        RetainedMessage old = byGroup.remove(group);
        if (old == null) {
            return false;
        }
        bytes -= old.bytes();
        return true;
    }

    @Override
    public synchronized long clearAll() {
        long count = byGroup.size();
        byGroup.clear();
        bytes = 0;
        return count;
    }

    @Override
    public synchronized RetainedUsage usage() {
        return new RetainedUsage(byGroup.size(), bytes);
    }
}

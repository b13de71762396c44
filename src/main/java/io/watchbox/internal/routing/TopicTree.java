package io.watchbox.internal.routing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A tree of group levels. Matching walks one path per literal level plus the {@code +} and
 * {@code #} branches, so its cost depends on the group's depth and the number of matches, not on
 * the number of subscriptions. Publishes vastly outnumber (un)subscribes, hence a read-write lock.
 */
public final class TopicTree<S> implements SubscriptionIndex<S> {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Node<S> root = new Node<>();

    @Override
    public boolean subscribe(String pattern, S subscriber) {
        lock.writeLock().lock();
        try {
            Node<S> node = root;
            for (String level : levels(pattern)) {
                node = node.children.computeIfAbsent(level, l -> new Node<>());
            }
            return node.subscribers.add(subscriber);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public boolean unsubscribe(String pattern, S subscriber) {
        lock.writeLock().lock();
        try {
            return remove(root, levels(pattern), 0, subscriber);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes the subscriber below node, pruning branches left empty so the tree does not grow forever. */
    private boolean remove(Node<S> node, String[] levels, int depth, S subscriber) {
        if (depth == levels.length) {
            return node.subscribers.remove(subscriber);
        }
        Node<S> child = node.children.get(levels[depth]);
        if (child == null || !remove(child, levels, depth + 1, subscriber)) {
            return false;
        }
        if (child.isEmpty()) {
            node.children.remove(levels[depth]);
        }
        return true;
    }

    @Override
    public Set<S> match(String group) {
        Set<S> matches = new HashSet<>();
        lock.readLock().lock();
        try {
            collect(root, levels(group), 0, matches);
        } finally {
            lock.readLock().unlock();
        }
        return matches;
    }

    private void collect(Node<S> node, String[] levels, int depth, Set<S> matches) {
        // As in MQTT (MQTT-4.7.2-1): a group whose first level starts with $ is not matched by a wildcard there.
        boolean wildcards = depth > 0 || levels.length == 0 || !levels[0].startsWith("$");
        Node<S> rest = wildcards ? node.children.get("#") : null;
        if (rest != null) {
            matches.addAll(rest.subscribers);
        }
        if (depth == levels.length) {
            matches.addAll(node.subscribers);
            return;
        }
        Node<S> exact = node.children.get(levels[depth]);
        if (exact != null) {
            collect(exact, levels, depth + 1, matches);
        }
        Node<S> one = wildcards ? node.children.get("+") : null;
        if (one != null) {
            collect(one, levels, depth + 1, matches);
        }
    }

    @Override
    public SortedMap<String, Integer> subscriberCounts() {
        SortedMap<String, Integer> counts = new TreeMap<>();
        lock.readLock().lock();
        try {
            for (Map.Entry<String, Node<S>> child : root.children.entrySet()) {
                count(child.getValue(), child.getKey(), counts);
            }
        } finally {
            lock.readLock().unlock();
        }
        return counts;
    }

    private void count(Node<S> node, String pattern, SortedMap<String, Integer> counts) {
        if (!node.subscribers.isEmpty()) {
            counts.put(pattern, node.subscribers.size());
        }
        for (Map.Entry<String, Node<S>> child : node.children.entrySet()) {
            count(child.getValue(), pattern + "/" + child.getKey(), counts);
        }
    }

    private static String[] levels(String group) {
        return group.split("/", -1);
    }

    private static final class Node<S> {
        final Map<String, Node<S>> children = new HashMap<>(4);
        final Set<S> subscribers = new HashSet<>(4);

        boolean isEmpty() {
            return children.isEmpty() && subscribers.isEmpty();
        }
    }
}

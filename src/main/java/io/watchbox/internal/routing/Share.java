package io.watchbox.internal.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The members of one shared subscription, taking turns: each message goes to the next member
 * that is available, so that a member that is offline or behind is passed over while another can
 * take the message. Safe for concurrent use.
 *
 * @param <S> the subscriber type
 */
final class Share<S> {

    private final SharedSubscription which;
    private final List<S> members = new ArrayList<>(4);
    private int next;

    Share(SharedSubscription which) {
        this.which = which;
    }

    SharedSubscription which() {
        return which;
    }

    synchronized boolean add(S member) {
        return !members.contains(member) && members.add(member);
    }

    synchronized boolean remove(S member) {
        return members.remove(member);
    }

    synchronized boolean isEmpty() {
        return members.isEmpty();
    }

    synchronized int size() {
        return members.size();
    }

    /** Whether a member can take a message now. */
    synchronized boolean anyAvailable(Predicate<? super S> available) {
        for (S member : members) {
            if (available.test(member)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The member whose turn it is: the next available one in round-robin order. When none is
     * available the message still goes to the next member in turn, which keeps it for when it is
     * back, rather than to nobody. Null when the share has no members.
     */
    synchronized S take(Predicate<? super S> available) {
        int size = members.size();
        if (size == 0) {
            return null;
        }
        for (int i = 0; i < size; i++) {
            int turn = (next + i) % size;
            S member = members.get(turn);
            if (available.test(member)) {
                next = (turn + 1) % size;
                return member;
            }
        }
        S member = members.get(next % size);
        next = (next + 1) % size;
        return member;
    }
}

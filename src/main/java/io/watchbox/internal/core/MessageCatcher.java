package io.watchbox.internal.core;

import io.watchbox.internal.core.relay.MessageId;
import io.watchbox.internal.protocol.EncodedMessage;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything delivered on this replica while a session is on its way here from another one, whose
 * subscriptions are not known yet: once they are, what matches and what the other replica had not
 * delivered to the session goes into its queue. Bounded: past {@link #LIMIT} it gives up.
 */
final class MessageCatcher {

    static final int LIMIT = 1_000_000;

    /** A delivered message; {@code id} is null for one that was not relayed. */
    record Caught(String group, EncodedMessage message, MessageId id) {
    }

    private final Queue<Caught> caught = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    void caught(String group, EncodedMessage message, MessageId id) {
        if (size.incrementAndGet() <= LIMIT) {
            caught.add(new Caught(group, message, id));
        }
    }

    boolean overflowed() {
        return size.get() > LIMIT;
    }

    /** What was caught, in the order it was delivered here. */
    List<Caught> all() {
        return List.copyOf(caught);
    }
}

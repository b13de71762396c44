package io.watchbox.internal.session;

import io.watchbox.internal.protocol.EncodedMessage;

/**
 * The last messages of one session, numbered by seq: 1, 2, 3, ... A ring buffer that grows up
 * to the limit on demand, so an idle session holds no array of {@code listlimit} slots.
 * Not thread-safe: its {@link Session} guards it.
 */
final class MessageQueue {

    private static final EncodedMessage[] EMPTY = new EncodedMessage[0];

    private EncodedMessage[] ring = EMPTY;
    private int head;
    private int size;
    private long lastSeq;

    long lastSeq() {
        return lastSeq;
    }

    /** Seq of the oldest kept message; lastSeq + 1 when empty. */
    long firstSeq() {
        return lastSeq - size + 1;
    }

    int size() {
        return size;
    }

    /** Appends a message as seq lastSeq + 1, first evicting the oldest as needed to keep at most limit. */
    void add(EncodedMessage message, int limit) {
        while (size >= limit) {
            ring[head] = null;
            head = (head + 1) % ring.length;
            size--;
        }
        if (size == ring.length) {
            grow(limit);
        }
        ring[(head + size) % ring.length] = message;
        size++;
        lastSeq++;
    }

    /** The message with this seq, or null if it is not kept. */
    EncodedMessage get(long seq) {
        if (seq < firstSeq() || seq > lastSeq) {
            return null;
        }
        return ring[(int) ((head + (seq - firstSeq())) % ring.length)];
    }

    void clear() {
        ring = EMPTY;
        head = 0;
        size = 0;
    }

    private void grow(int limit) {
        int capacity = (int) Math.min(limit, Math.max(4L, ring.length * 2L));
        EncodedMessage[] bigger = new EncodedMessage[capacity];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) % ring.length];
        }
        ring = bigger;
        head = 0;
    }
}

package io.watchbox.internal.session;

import io.watchbox.internal.protocol.EncodedMessage;
import java.util.ArrayList;
import java.util.List;

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
    private long bytes;

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

    /** What the kept messages weigh, in bytes. */
    long bytes() {
        return bytes;
    }

    /**
     * Appends a message as seq lastSeq + 1, first evicting the oldest as needed to keep at most
     * {@code limit} messages and {@code maxBytes} bytes. A message heavier than {@code maxBytes}
     * alone is not kept: its seq is used, and the client sees the gap.
     */
    void add(EncodedMessage message, int limit, long maxBytes) {
        while (size > 0 && (size >= limit || bytes + message.bytes() > maxBytes)) {
            bytes -= ring[head].bytes();
            ring[head] = null;
            head = (head + 1) % ring.length;
            size--;
        }
        if (message.bytes() > maxBytes) {
            lastSeq++;
            return;
        }
        if (size == ring.length) {
            grow(limit);
        }
        ring[(head + size) % ring.length] = message;
        size++;
        lastSeq++;
        bytes += message.bytes();
    }

    /** The message with this seq, or null if it is not kept. */
    EncodedMessage get(long seq) {
        if (seq < firstSeq() || seq > lastSeq) {
            return null;
        }
        return ring[(int) ((head + (seq - firstSeq())) % ring.length)];
    }

    /** The kept messages, oldest first. */
    List<EncodedMessage> messages() {
        List<EncodedMessage> messages = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            messages.add(ring[(head + i) % ring.length]);
        }
        return messages;
    }

    /**
     * Fills an empty queue with messages kept elsewhere, numbered so that the last is {@code lastSeq};
     * the oldest go if they exceed this queue's limits.
     */
    void restore(long lastSeq, List<EncodedMessage> messages, int limit, long maxBytes) {
        this.lastSeq = lastSeq - messages.size();
        for (EncodedMessage message : messages) {
            add(message, limit, maxBytes);
        }
    }

    void clear() {
        ring = EMPTY;
        head = 0;
        size = 0;
        bytes = 0;
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

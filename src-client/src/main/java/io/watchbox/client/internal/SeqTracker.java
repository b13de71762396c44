package io.watchbox.client.internal;

/** Remembers the last {@code seq} handed on, to drop replays and count gaps. */
public final class SeqTracker {
    /** What {@link #accept} returns for a message already seen. */
    public static final long DUPLICATE = -1;

    private long last;

    /**
     * @return {@link #DUPLICATE} when {@code seq} is not newer than the last one seen, else how
     *         many messages were skipped before it (0 when it follows directly)
     */
    public long accept(long seq) {
        if (seq <= last) {
            return DUPLICATE;
        }
        long skipped = seq - last - 1;
        last = seq;
        return skipped;
    }

    /** The last seq seen, 0 before any. */
    public long last() {
        return last;
    }

    /** The server started a new session, whose numbering starts at 1 again. */
    public void reset() {
        last = 0;
    }
}

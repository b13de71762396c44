package io.watchbox.internal.session;

import io.watchbox.internal.logging.SocketFailures;
import io.watchbox.internal.protocol.CloseCodes;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.Utf8;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Everything one connection sends, one frame at a time: Jakarta WebSocket allows a single send in
 * flight per session, and the next starts only when the last one completes. Replies go before
 * queued messages; messages are pulled from the session, so a slow socket only lets its own
 * session's queue fill. No lock is held while sending.
 */
public final class Outbox {

    /** A client that keeps asking but never reads its replies is cut off here (contract: 64 KiB). */
    static final int MAX_PENDING_REPLY_BYTES = 64 * 1024;

    private final Connection connection;
    private final MessageFraming framing;
    private final SendMeter meter;
    private final SocketFailures failures;
    private final ArrayDeque<String> replies = new ArrayDeque<>();
    private long replyBytes;

    private Session session;
    private boolean sending;
    private boolean closed;
    private int closeAfterFlushCode;
    private String closeAfterFlushReason;
    private Thread sendingThread;
    private boolean completedInline;
    /** The largest joined frame in bytes, or 0 while the client takes one object or packet per frame. */
    private int batchBytes;
    /** How what waits is joined into one frame, once {@link #batchBytes} is set. */
    private FrameJoining joining = FrameJoining.LINES;
    /**
     * A frame already taken from the session that did not fit in the last joined one (a resend, or a
     * message that holds a packet identifier now): it opens the next frame, so that nothing passes
     * it, not even a reply queued meanwhile.
     */
    private String leftover;
    /** The publish time of the leftover's message, or UNTIMED. */
    private long leftoverPublishedAt = EncodedMessage.UNTIMED;
    /** The publish time of the message whose frame {@link #nextOfSession()} returned last, or UNTIMED (a resend). */
    private long takenPublishedAt = EncodedMessage.UNTIMED;
    /** The publish time of the oldest message in the frame in flight, or UNTIMED if it holds none. */
    private long inFlightPublishedAt = EncodedMessage.UNTIMED;
    /** The protocol's last frame before a close with a given code (MQTT 5.0's DISCONNECT), or null for none. */
    private IntFunction<String> lastWords = code -> null;
    /** Where a queued message's flush goes when sends complete on the sending thread, or null: flushed at once. */
    private HandedOffFlushes handOff;
    /** Whether the last send completed on the thread that started it. */
    private boolean lastSendInline;
    /** Whether this outbox waits in {@link #handOff} for its flush. */
    private boolean flushHandedOver;

    /** An outbox whose frames a meter of its own counts, and whose failures a log of its own reports (for tests). */
    public Outbox(Connection connection) {
        this(connection, new SendMeter(System::nanoTime));
    }

    /** An outbox whose failures a log of its own reports (for tests). */
    public Outbox(Connection connection, SendMeter meter) {
        this(connection, meter, new SocketFailures());
    }

    /**
     * @param meter    counts the frames written and measures their latency, shared by the broker's outboxes
     * @param failures reports a failed send, shared by the broker's outboxes so that a flood is one line
     */
    public Outbox(Connection connection, SendMeter meter, SocketFailures failures) {
        this(connection, MessageFraming.JSON, meter, failures);
    }

    /** @param framing how a queued message becomes this connection's frame */
    public Outbox(Connection connection, MessageFraming framing, SendMeter meter, SocketFailures failures) {
        this.connection = connection;
        this.framing = framing;
        this.meter = meter;
        this.failures = failures;
    }

    /** Queues a reply frame (welcome, ok, error, pong) ahead of messages. */
    public void reply(String frame) {
        synchronized (this) {
            if (closed || closeAfterFlushReason != null) {
                return;
            }
            long bytes = Utf8.length(frame);
            if (replyBytes + bytes <= MAX_PENDING_REPLY_BYTES) {
                replies.add(frame);
                replyBytes += bytes;
                frame = null;
            }
        }
        if (frame != null) {
            // No last words: they would be one more unread reply.
            close(1008, "more than " + MAX_PENDING_REPLY_BYTES + " bytes of unread replies", false);
            return;
        }
        pump();
    }

    /**
     * From now on, join what is waiting when the socket is ready into one text frame, objects
     * separated by {@code \n}, of at most {@code maxBytes} unless it holds a single object (the
     * client asked in its hello). Nothing is held back to fill a frame: fewer frames is what
     * saves, because containers charge per frame, not per byte.
     */
    public void batchUpTo(int maxBytes) {
        synchronized (this) {
            batchBytes = maxBytes;
            joining = FrameJoining.LINES;
        }
    }

    /**
     * From now on, send what is waiting when the socket is ready as one binary frame of MQTT packets
     * back to back, of at most {@code maxBytes} unless it holds a single packet. As for
     * {@link #batchUpTo}, nothing is held back to fill a frame; packets keep the order they would go
     * in one per frame (replies, what the framing sends again, queued messages as its window allows).
     */
    public void packUpTo(int maxBytes) {
        synchronized (this) {
            batchBytes = maxBytes;
            joining = FrameJoining.PACKETS;
        }
    }

    /**
     * From now on, while sends complete on the sending thread, a queued message does not start a
     * send there: the flush is handed over, and what else is queued until it runs goes with it
     * (joined in one frame when the client asked for batches).
     */
    public synchronized void handOffFlushesTo(HandedOffFlushes flushes) {
        handOff = flushes;
    }

    /** From now on, also send this session's queued messages. */
    public void bind(Session attached) {
        synchronized (this) {
            session = attached;
        }
        pump();
    }

    /** Closes once everything queued so far is sent, so that a final error frame reaches the client. */
    public void closeAfterFlush(int code, String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closeAfterFlushCode = code;
            closeAfterFlushReason = reason;
            session = null;
        }
        pump();
    }

    /**
     * From now on, a close for one of these codes first sends what {@code lastWords} makes of the
     * code (null: nothing), if no send is in flight then: a stuck socket is not waited for.
     */
    public synchronized void sayLastWords(IntFunction<String> lastWords) {
        this.lastWords = lastWords;
    }

    /** Closes at once; whatever is queued is not sent, except the last words for this code (see {@link #sayLastWords}). */
    public void close(int code, String reason) {
        close(code, reason, true);
    }

    private void close(int code, String reason, boolean withLastWords) {
        String last;
        synchronized (this) {
            if (closed) {
                return;
            }
            last = !withLastWords || sending || closeAfterFlushReason != null ? null : lastWords.apply(code);
            if (last == null) {
                closeNow();
            } else {
                leftover = null;
                replies.clear();
                replies.add(last);
                replyBytes = Utf8.length(last);
                closeAfterFlushCode = code;
                closeAfterFlushReason = reason;
                session = null;
            }
        }
        if (last == null) {
            connection.close(code, reason);
        } else {
            pump();
        }
    }

    /** Whether a close is decided or done: frames that still arrive on this connection are not served. */
    public synchronized boolean isClosing() {
        return closed || closeAfterFlushReason != null;
    }

    /** The transport reports the socket closed: stop sending, there is nothing left to close. */
    public void connectionClosed() {
        synchronized (this) {
            closeNow();
        }
    }

    /** Sends whatever is next, unless a send is in flight; its completion pumps again. */
    void pump() {
        for (;;) {
            String next;
            synchronized (this) {
                if (sending || closed) {
                    return;
                }
                inFlightPublishedAt = EncodedMessage.UNTIMED;
                if (leftover != null) {
                    next = leftover;
                    inFlightPublishedAt = leftoverPublishedAt;
                    leftover = null;
                    leftoverPublishedAt = EncodedMessage.UNTIMED;
                } else {
                    next = replies.poll();
                    if (next != null) {
                        replyBytes -= Utf8.length(next);
                    } else if (session != null) {
                        next = nextOfSession();
                        inFlightPublishedAt = takenPublishedAt;
                    }
                }
                if (next != null && batchBytes > 0) {
                    next = joinWaiting(next);
                }
                if (next != null) {
                    sending = true;
                    sendingThread = Thread.currentThread();
                    completedInline = false;
                } else if (closeAfterFlushReason != null) {
                    closeNow();
                } else {
                    return;
                }
            }
            if (next == null) {
                connection.close(closeAfterFlushCode, closeAfterFlushReason);
                return;
            }
            connection.send(next, this::sent);
            synchronized (this) {
                sendingThread = null;
                if (!completedInline) {
                    return;
                }
            }
            // The send completed on this thread before returning: loop rather than recurse.
        }
    }

    /**
     * The session queued a message: sent at once, or while sends complete on the sending thread,
     * with the flush that is handed over (see {@link #handOffFlushesTo}).
     */
    void messageQueued() {
        HandedOffFlushes flushes;
        synchronized (this) {
            flushes = lastSendInline ? handOff : null;
            if (flushes != null) {
                if (sending || closed || flushHandedOver) {
                    return; // the send in flight, or the flush handed over, takes it
                }
                flushHandedOver = true;
            }
        }
        if (flushes == null) {
            pump();
        } else {
            flushes.handOver(this);
        }
    }

    /** The flush handed over runs: send what gathered. */
    void flush() {
        synchronized (this) {
            flushHandedOver = false;
        }
        pump();
    }

    /** Something changed that the framing waited for (an MQTT acknowledgement freed its window): send what is next. */
    public void wake() {
        pump();
    }

    /**
     * What the framing sends again first, else the next queued message it sends while its window lets
     * it take one, else null; {@link #takenPublishedAt} says when that message was published.
     */
    private String nextOfSession() {
        takenPublishedAt = EncodedMessage.UNTIMED;
        String resent = framing.resend();
        if (resent != null) {
            return resent;
        }
        while (framing.mayTake()) {
            Session.Outgoing message = session.next(this);
            if (message == null) {
                return null;
            }
            String frame = framing.frame(message.message(), message.seq());
            if (frame != null) {
                takenPublishedAt = message.publishedAt();
                return frame;
            }
        }
        return null;
    }

    private void sent(Throwable failure) {
        if (failure != null) {
            sendFailed(failure);
            return;
        }
        long publishedAt;
        boolean inline;
        synchronized (this) {
            sending = false;
            publishedAt = inFlightPublishedAt;
            inline = sendingThread == Thread.currentThread();
            completedInline |= inline;
            lastSendInline = inline;
        }
        meter.sent(publishedAt);
        if (!inline) {
            pump();
        }
    }

    /**
     * Stops sending. A peer that went away broke the socket: a close handshake would only fail on it
     * too, so the container's report of the close detaches the session for a resume. Any other
     * failure is a fault on this side, shown once and ended with 1011, on this socket only.
     */
    private void sendFailed(Throwable failure) {
        synchronized (this) {
            closeNow();
        }
        if (failures.report("send", () -> "a send on a client's socket", failure)) {
            connection.close(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }

    /**
     * The first frame and whatever else waits that fits in the batch, in the order they would go one
     * by one: replies, then what the framing sends again, then queued messages as its window allows.
     */
    private String joinWaiting(String first) {
        List<String> parts = null;
        long bytes = joining.bytes(first);
        for (;;) {
            long room = batchBytes - bytes - joining.separatorBytes();
            String more = null;
            long size = 0;
            if (!replies.isEmpty()) {
                // Replies go first: one that does not fit ends the batch rather than let a message pass it.
                String reply = replies.peek();
                size = joining.bytes(reply);
                if (size <= room) {
                    more = replies.poll();
                    replyBytes -= Utf8.length(reply);
                }
            } else if (session != null && room > 0) {
                more = nextOfSession();
                size = more == null ? 0 : joining.bytes(more);
                if (size > room) {
                    // Taken already (its packet identifier is in flight): it opens the next frame instead.
                    leftover = more;
                    leftoverPublishedAt = takenPublishedAt;
                    more = null;
                } else if (inFlightPublishedAt == EncodedMessage.UNTIMED) {
                    inFlightPublishedAt = takenPublishedAt; // the first message in the frame is its oldest
                }
            }
            if (more == null) {
                // Joined once at the exact length: a growing builder copied the batch several times
                // (a quarter of the send path's allocation in the fan-out profile).
                return parts == null ? first : String.join(joining.separator(), parts);
            }
            if (parts == null) {
                parts = new ArrayList<>();
                parts.add(first);
            }
            parts.add(more);
            bytes += joining.separatorBytes() + size;
        }
    }

    private void closeNow() {
        closed = true;
        leftover = null;
        replies.clear();
        replyBytes = 0;
        session = null;
    }
}

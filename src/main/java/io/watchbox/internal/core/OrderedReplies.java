package io.watchbox.internal.core;

import io.watchbox.internal.session.Outbox;
import java.util.concurrent.CompletableFuture;

/**
 * The replies of one connection, in the order of its requests: a reply that waits (a {@code pub}'s
 * {@code ok} until Redis has the message, in cluster mode) holds back those after it, while the
 * requests after it are already served. Used on the connection's thread only, one frame at a time;
 * a reply held back leaves on the thread that ends its wait.
 */
final class OrderedReplies {

    private static final CompletableFuture<Void> NOTHING_PENDING = CompletableFuture.completedFuture(null);

    private final Outbox outbox;
    /** Done once every reply so far has left. */
    private CompletableFuture<?> pending = NOTHING_PENDING;

    OrderedReplies(Outbox outbox) {
        this.outbox = outbox;
    }

    void send(String frame) {
        sendOnceDone(NOTHING_PENDING, frame);
    }

    /** Sends the frame once {@code ready} is done, normally or not, and every reply before it has left. */
    void sendOnceDone(CompletableFuture<?> ready, String frame) {
        if (pending.isDone() && ready.isDone()) {
            outbox.reply(frame);
            return;
        }
        pending = CompletableFuture.allOf(pending, ready).handle((done, failed) -> {
            outbox.reply(frame);
            return null;
        });
    }
}

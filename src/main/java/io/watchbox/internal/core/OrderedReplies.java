package io.watchbox.internal.core;

import io.watchbox.internal.core.relay.ClusterRelay;
import io.watchbox.internal.session.Outbox;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The replies of one connection, in the order of its requests: a reply that waits (a {@code pub}'s
 * {@code ok} until Redis has the message, in cluster mode, or has given up holding it while Redis
 * is out of reach) holds back those after it, while the
 * requests after it are already served. Used on the connection's thread only, one frame at a time;
 * a reply held back leaves on the thread that ends its wait.
 */
final class OrderedReplies {

    /**
     * Past this many replies held back, the connection's thread waits for them before it serves the
     * next request: what a client sends while Redis is slow is bounded, and the socket pushes back.
     */
    static final int MAX_HELD_BACK = 256;

    private final Outbox outbox;
    /** Blocks the connection's thread until a future is done or Redis's wait is over. */
    private final Consumer<CompletableFuture<?>> await;
    /** Done once every reply so far has left. */
    private CompletableFuture<?> pending = ClusterRelay.NOTHING_TO_WAIT_FOR;
    private final AtomicInteger heldBack = new AtomicInteger();

    OrderedReplies(Outbox outbox) {
        this(outbox, ClusterRelay::awaitAnswer);
    }

    /** With the wait given, so that a test decides what happens while the connection's thread waits. */
    OrderedReplies(Outbox outbox, Consumer<CompletableFuture<?>> await) {
        this.outbox = outbox;
        this.await = await;
    }

    void send(String frame) {
        sendOnceDone(ClusterRelay.NOTHING_TO_WAIT_FOR, frame);
    }

    /** Sends the frame once {@code ready} is done, normally or not, and every reply before it has left. */
    void sendOnceDone(CompletableFuture<?> ready, String frame) {
        sendOnceDone(ready, outcome -> frame);
    }

    /**
     * Sends the frame made of {@code ready}'s value (null when it failed) once it is done and every
     * reply before it has left: a {@code pub}'s {@code ok}, which says whether the message was relayed.
     */
    <T> void sendOnceDone(CompletableFuture<T> ready, Function<T, String> frame) {
        if (pending.isDone() && ready.isDone()) {
            outbox.reply(frame.apply(valueOf(ready)));
            return;
        }
        heldBack.incrementAndGet();
        pending = CompletableFuture.allOf(pending, ready).handle((done, failed) -> {
            heldBack.decrementAndGet();
            outbox.reply(frame.apply(valueOf(ready)));
            return null;
        });
        if (heldBack.get() > MAX_HELD_BACK) {
            // Every wait ends within Redis's command timeout, or the outage bounds while Redis is out of reach.
            await.accept(pending);
        }
    }

    private static <T> T valueOf(CompletableFuture<T> done) {
        return done.isCompletedExceptionally() ? null : done.getNow(null);
    }

    /**
     * Runs the action once every reply so far has left (at once when none waits): what must follow a
     * reply, such as the retained messages after a subscription's ok, then follows it.
     */
    void afterSent(Runnable action) {
        if (pending.isDone()) {
            action.run();
            return;
        }
        pending = pending.whenComplete((done, failed) -> action.run());
    }

    /** Waits until every reply so far has left (at most a little over Redis's command timeout). */
    void drain() {
        await.accept(pending);
    }

    /** How many replies wait for an earlier request now. */
    int heldBack() {
        return heldBack.get();
    }
}

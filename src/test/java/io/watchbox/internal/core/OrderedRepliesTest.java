package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.internal.FakeConnection;
import io.watchbox.internal.session.Outbox;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OrderedRepliesTest {

    private final FakeConnection connection = new FakeConnection();
    private final OrderedReplies replies = new OrderedReplies(new Outbox(connection));

    @Test
    void repliesWithNothingToWaitForLeaveAtOnce() {
        replies.send(pong(1));
        replies.sendOnceDone(CompletableFuture.completedFuture(null), pong(2));

        assertEquals(List.of(pong(1), pong(2)), connection.sent());
    }

    @Test
    void aReplyThatWaitsHoldsBackTheRepliesAfterItUntilItsWaitEnds() {
        CompletableFuture<Void> inRedis = new CompletableFuture<>();
        replies.send(pong(1));
        replies.sendOnceDone(inRedis, pong(2));
        replies.send(pong(3));
        replies.sendOnceDone(CompletableFuture.completedFuture(null), pong(4));

        assertEquals(List.of(pong(1)), connection.sent());
        inRedis.complete(null);
        assertEquals(List.of(pong(1), pong(2), pong(3), pong(4)), connection.sent());
    }

    @Test
    void aWaitThatFailsStillLetsItsReplyAndTheOnesAfterGo() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        replies.sendOnceDone(first, pong(1));
        replies.sendOnceDone(second, pong(2));

        second.complete(null);
        assertEquals(List.of(), connection.sent(), "the second waits for the first");
        first.completeExceptionally(new IllegalStateException("Redis timed out"));
        assertEquals(List.of(pong(1), pong(2)), connection.sent());
    }

    @Test
    void pastTheBoundTheConnectionsThreadWaitsForTheRepliesHeldBack() {
        CompletableFuture<Void> inRedis = new CompletableFuture<>();
        List<String> seenWhileWaiting = new ArrayList<>();
        // The wait the connection's thread makes: it records what it finds, then Redis answers.
        OrderedReplies bounded = new OrderedReplies(new Outbox(connection), pending -> {
            seenWhileWaiting.add("done " + pending.isDone() + ", sent " + connection.sent().size());
            inRedis.complete(null);
            pending.join();
        });
        for (int i = 0; i < OrderedReplies.MAX_HELD_BACK; i++) {
            bounded.sendOnceDone(inRedis, pong(i));
        }
        assertEquals(List.of(), seenWhileWaiting, "up to the bound, nothing waits");
        assertEquals(OrderedReplies.MAX_HELD_BACK, bounded.heldBack());

        bounded.send(pong(-1));

        assertEquals(List.of("done false, sent 0"), seenWhileWaiting, "the one past the bound waits, once");
        assertEquals(OrderedReplies.MAX_HELD_BACK + 1, connection.sent().size(), "and returns once all have left");
        assertEquals(pong(-1), connection.sent().get(OrderedReplies.MAX_HELD_BACK));
        assertEquals(0, bounded.heldBack());
    }

    private static String pong(int id) {
        return "{\"type\":\"pong\",\"id\":" + id + "}";
    }
}

package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.internal.FakeConnection;
import io.watchbox.internal.session.Outbox;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    void pastTheBoundTheConnectionsThreadWaitsForTheRepliesHeldBack() throws Exception {
        CompletableFuture<Void> inRedis = new CompletableFuture<>();
        for (int i = 0; i < OrderedReplies.MAX_HELD_BACK; i++) {
            replies.sendOnceDone(inRedis, pong(i));
        }
        assertEquals(OrderedReplies.MAX_HELD_BACK, replies.heldBack(), "up to the bound, nothing waits");

        CompletableFuture<Void> oneMore = CompletableFuture.runAsync(() -> replies.send(pong(-1)));
        Thread.sleep(200);
        assertEquals(false, oneMore.isDone(), "the one past the bound waits");
        inRedis.complete(null);
        oneMore.get(5, TimeUnit.SECONDS);
        assertEquals(OrderedReplies.MAX_HELD_BACK + 1, connection.sent().size());
        assertEquals(0, replies.heldBack());
    }

    private static String pong(int id) {
        return "{\"type\":\"pong\",\"id\":" + id + "}";
    }
}

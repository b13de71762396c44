package io.watchbox.client;

import static io.watchbox.client.Futures.assertPending;
import static io.watchbox.client.Futures.failure;
import static io.watchbox.client.Futures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.watchbox.client.FakeTransport.FakeConnection;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class OfflineBufferingTest {

    private static List<String> publishedTexts(FakeConnection connection) {
        return connection.frames("pub").stream().map(f -> f.getString("msg")).toList();
    }

    @Test
    void publishesBeforeTheFirstConnectGoOutAfterTheWelcome() {
        Harness h = new Harness();
        CompletionStage<Integer> early = h.client.publish("early", "g");

        FakeConnection connection = h.connect();
        connection.okDelivered(connection.last("pub").getString("id"), 1);

        assertEquals(List.of("hello", "pub"), connection.types());
        assertEquals(1, value(early));
    }

    @Test
    void publishesMadeWhileDisconnectedGoOutInOrderAndCompleteOnTheirOk() {
        Harness h = new Harness();
        h.connect().closeByServer(1006);

        CompletionStage<Integer> a = h.client.publish("a", "g");
        CompletionStage<Integer> b = h.client.publish("b", "g");
        CompletionStage<Integer> c = h.client.publish("c", "g");
        assertPending(a);
        FakeConnection back = h.reconnect(true);
        back.frames("pub").forEach(f -> back.okDelivered(f.getString("id"), 2));

        assertEquals(List.of("a", "b", "c"), publishedTexts(back));
        assertEquals(2, value(a));
        assertEquals(2, value(b));
        assertEquals(2, value(c));
    }

    @Test
    void aFullBufferDropsTheOldestPublishAndCountsIt() {
        Harness h = new Harness(b -> b.offlineBufferSize(2));
        h.connect().closeByServer(1006);

        CompletionStage<Integer> oldest = h.client.publish("1", "g");
        CompletionStage<Integer> second = h.client.publish("2", "g");
        h.client.publish("3", "g");
        h.client.publish("4", "g");
        FakeConnection back = h.reconnect(true);

        assertInstanceOf(WatchboxDroppedException.class, failure(oldest));
        assertInstanceOf(WatchboxDroppedException.class, failure(second));
        assertEquals(2, h.client.offlineDropped());
        assertEquals(List.of("3", "4"), publishedTexts(back));
    }

    @Test
    void subscribesAreNeverDroppedFromTheBuffer() {
        Harness h = new Harness(b -> b.offlineBufferSize(1));
        h.client.subscribe("x", m -> { });
        h.client.publish("1", "g");
        h.client.publish("2", "g");

        FakeConnection connection = h.transport.nextDialAfterConnect(h.client);
        connection.welcome("u1", true, 10);

        assertEquals(List.of("hello", "sub", "pub"), connection.types());
        assertEquals(1, h.client.offlineDropped());
    }

    @Test
    void unansweredPublishesAreSentAgainBeforeNewerOnes() {
        Harness h = new Harness();
        FakeConnection first = h.connect();
        CompletionStage<Integer> answered = h.client.publish("answered", "g");
        first.okDelivered(first.last("pub").getString("id"), 1);
        CompletionStage<Integer> unanswered1 = h.client.publish("unanswered 1", "g");
        CompletionStage<Integer> unanswered2 = h.client.publish("unanswered 2", "g");

        first.breakWith(new IOException("reset"));
        CompletionStage<Integer> offline = h.client.publish("offline", "g");
        FakeConnection second = h.reconnect(true);

        assertEquals(List.of("unanswered 1", "unanswered 2", "offline"), publishedTexts(second));
        second.frames("pub").forEach(f -> second.okDelivered(f.getString("id"), 5));
        assertEquals(1, value(answered));
        assertEquals(5, value(unanswered1));
        assertEquals(5, value(unanswered2));
        assertEquals(5, value(offline));
    }

    @Test
    void afterATooLargeCloseTheUnansweredPublishFailsInsteadOfBeingRepeated() {
        Harness h = new Harness();
        FakeConnection first = h.connect();
        CompletionStage<Integer> huge = h.client.publish("x".repeat(10_000), "g");

        first.closeByServer(4413);
        FakeConnection second = h.reconnect(true);

        WatchboxErrorException error = assertInstanceOf(WatchboxErrorException.class, failure(huge));
        assertEquals("too-large", error.getCode());
        assertEquals(List.of("hello"), second.types());
    }
}

package io.watchbox.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OfflineBufferTest {
    private int ids;

    private Request pub(String text) {
        return Request.publish(Integer.toString(++ids), "g", text, new CompletableFuture<>());
    }

    private Request sub(String group) {
        return Request.subscribe(Integer.toString(++ids), group, m -> { }, new CompletableFuture<>());
    }

    private static List<String> describe(List<Request> requests) {
        return requests.stream().map(r -> r.frame() instanceof ClientFrame.Publish p ? p.msg() : r.group()).toList();
    }

    @Test
    void drainReturnsEverythingInArrivalOrder() {
        OfflineBuffer buffer = new OfflineBuffer(10);
        buffer.add(pub("1"));
        buffer.add(sub("s"));
        buffer.add(pub("2"));

        assertEquals(List.of("1", "s", "2"), describe(buffer.drain()));
        assertEquals(0, buffer.size());
    }

    @Test
    void whenFullTheOldestPublishIsDroppedAndCounted() {
        OfflineBuffer buffer = new OfflineBuffer(2);
        buffer.add(pub("1"));
        buffer.add(pub("2"));

        List<Request> dropped = buffer.add(pub("3"));

        assertEquals(List.of("1"), describe(dropped));
        assertEquals(1, buffer.dropped());
        assertEquals(List.of("2", "3"), describe(buffer.drain()));
    }

    @Test
    void subscriptionsNeitherCountNorGetDropped() {
        OfflineBuffer buffer = new OfflineBuffer(1);
        buffer.add(sub("s1"));
        buffer.add(pub("1"));
        buffer.add(sub("s2"));

        buffer.add(pub("2"));

        assertEquals(List.of("s1", "s2", "2"), describe(buffer.drain()));
    }

    @Test
    void unansweredRequestsGoInFrontInTheirOwnOrder() {
        OfflineBuffer buffer = new OfflineBuffer(10);
        buffer.add(pub("new"));

        buffer.addFirst(List.of(pub("old 1"), pub("old 2")));

        assertEquals(List.of("old 1", "old 2", "new"), describe(buffer.drain()));
    }

    @Test
    void unansweredRequestsThatOverfillTheBufferDropTheOldest() {
        OfflineBuffer buffer = new OfflineBuffer(2);
        buffer.add(pub("new"));

        List<Request> dropped = buffer.addFirst(List.of(pub("old 1"), pub("old 2")));

        assertEquals(List.of("old 1"), describe(dropped));
        assertEquals(List.of("old 2", "new"), describe(buffer.drain()));
    }

    @Test
    void aZeroSizedBufferDropsEveryPublish() {
        OfflineBuffer buffer = new OfflineBuffer(0);

        assertEquals(List.of("1"), describe(buffer.add(pub("1"))));
        assertEquals(1, buffer.dropped());
    }
}

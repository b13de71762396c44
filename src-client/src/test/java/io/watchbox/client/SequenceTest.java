package io.watchbox.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.client.FakeTransport.FakeConnection;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SequenceTest {

    /** Messages and skip reports in the one order user code sees them. */
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private Harness harness() {
        return new Harness(b -> b.listener(new ConnectionListener() {
            @Override
            public void onSkipped(long count) {
                seen.add("skipped " + count);
            }
        }));
    }

    private void subscribeAll(Harness h) {
        h.client.subscribe("#", m -> seen.add(m.seq() + ":" + m.text()));
    }

    @Test
    void messagesReachTheHandlerWithAllTheirFields() {
        Harness h = harness();
        Harness.Inbox inbox = new Harness.Inbox();
        h.client.subscribe("news", inbox);
        FakeConnection connection = h.connect();

        connection.msg(1, "news", "hello");

        assertEquals(List.of(new Message(1, "news", "hello", null)), inbox.messages);
    }

    @Test
    void aBatchedFrameDeliversEachOfItsMessagesInOrder() {
        Harness h = harness();
        subscribeAll(h);
        FakeConnection connection = h.connect();

        connection.receiveBatch(FakeConnection.msgFrame(1, "news", "a"), FakeConnection.msgFrame(2, "news", "line\nbreak"),
                FakeConnection.msgFrame(3, "news", "c"));

        assertEquals(List.of("1:a", "2:line\nbreak", "3:c"), seen);
        assertEquals(true, connection.frames().get(0).getBoolean("batch"), "the client asks for batched frames");
    }

    @Test
    void aResumedSessionReplaysWithoutDuplicates() {
        Harness h = harness();
        subscribeAll(h);
        FakeConnection first = h.connect();
        first.msg(1, "g", "a");
        first.msg(2, "g", "b");
        first.msg(3, "g", "c");

        first.breakWith(new IOException("gone"));
        FakeConnection second = h.reconnect(true);
        second.msg(2, "g", "b");
        second.msg(3, "g", "c");
        second.msg(4, "g", "d");
        second.msg(5, "g", "e");

        assertEquals(List.of("1:a", "2:b", "3:c", "4:d", "5:e"), seen);
    }

    @Test
    void aGapIsReportedWithItsExactSizeBeforeTheMessageAfterIt() {
        Harness h = harness();
        subscribeAll(h);
        FakeConnection connection = h.connect();

        connection.msg(1, "g", "a");
        connection.msg(2, "g", "b");
        connection.msg(6, "g", "f");
        connection.msg(7, "g", "g");
        connection.msg(9, "g", "i");

        assertEquals(List.of("1:a", "2:b", "skipped 3", "6:f", "7:g", "skipped 1", "9:i"), seen);
    }

    @Test
    void aGapInTheReplayAfterResumeIsReported() {
        Harness h = harness();
        subscribeAll(h);
        FakeConnection first = h.connect();
        first.msg(1, "g", "a");

        first.closeByServer(4408);
        FakeConnection second = h.reconnect(true);
        second.msg(5, "g", "e");

        assertEquals(List.of("1:a", "skipped 3", "5:e"), seen);
    }

    @Test
    void aNewSessionStartsCountingAtOneAgain() {
        Harness h = harness();
        subscribeAll(h);
        FakeConnection first = h.connect();
        for (int seq = 1; seq <= 5; seq++) {
            first.msg(seq, "g", "old" + seq);
        }

        first.closeByServer(1006);
        FakeConnection second = h.reconnect(false);
        second.msg(1, "g", "new1");
        second.msg(2, "g", "new2");

        assertEquals(List.of("1:old1", "2:old2", "3:old3", "4:old4", "5:old5", "1:new1", "2:new2"), seen);
    }

    @Test
    void aNewSessionIsSubscribedAgainBeforeBufferedPublishesGoOut() {
        Harness h = harness();
        h.client.subscribe("a", m -> { });
        h.client.subscribe("b/#", m -> { });
        FakeConnection first = h.connect();
        first.okAll("sub");

        first.closeByServer(1006);
        h.client.publish("while away", "a");
        FakeConnection second = h.reconnect(false);

        assertEquals(List.of("hello", "sub", "sub", "pub"), second.types());
        assertEquals(List.of("a", "b/#"), second.frames("sub").stream().map(f -> f.getString("group")).toList());
    }

    @Test
    void aResumedSessionKeepsItsSubscriptionsOnTheServer() {
        Harness h = harness();
        h.client.subscribe("a", m -> { });
        FakeConnection first = h.connect();
        first.okAll("sub");

        first.closeByServer(1006);
        h.client.publish("while away", "a");
        FakeConnection second = h.reconnect(true);

        assertEquals(List.of("hello", "pub"), second.types());
    }

    @Test
    void anUnsubscribeMadeOfflineIsNotUndoneByTheResubscribe() {
        Harness h = harness();
        h.client.subscribe("a", m -> { });
        h.client.subscribe("b", m -> { });
        FakeConnection first = h.connect();
        first.okAll("sub");

        first.closeByServer(1006);
        var unsubscribed = h.client.unsubscribe("a");
        FakeConnection second = h.reconnect(false);

        assertEquals(List.of("b"), second.frames("sub").stream().map(f -> f.getString("group")).toList());
        Futures.value(unsubscribed);
    }
}

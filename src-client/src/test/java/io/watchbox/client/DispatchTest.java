package io.watchbox.client;

import static io.watchbox.client.Futures.assertPending;
import static io.watchbox.client.Futures.failure;
import static io.watchbox.client.Futures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.watchbox.client.FakeTransport.FakeConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class DispatchTest {

    @Test
    void aMessageReachesEveryMatchingHandlerOnce() {
        Harness h = new Harness();
        Harness.Inbox oneLevel = new Harness.Inbox();
        Harness.Inbox rest = new Harness.Inbox();
        Harness.Inbox exact = new Harness.Inbox();
        Harness.Inbox other = new Harness.Inbox();
        h.client.subscribe("sensors/+/temp", oneLevel);
        h.client.subscribe("sensors/#", rest);
        h.client.subscribe("sensors/kitchen/temp", exact);
        h.client.subscribe("alerts", other);
        FakeConnection connection = h.connect();

        connection.msg(1, "sensors/kitchen/temp", "21.5");
        connection.msg(2, "sensors", "parent level");

        assertEquals(List.of("21.5"), oneLevel.texts());
        assertEquals(List.of("21.5", "parent level"), rest.texts());
        assertEquals(List.of("21.5"), exact.texts());
        assertEquals(List.of(), other.texts());
    }

    @Test
    void subscribeCompletesOnTheServersOk() {
        Harness h = new Harness();
        FakeConnection connection = h.connect();

        CompletionStage<Void> subscribed = h.client.subscribe("g", m -> { });
        assertPending(subscribed);
        connection.ok(connection.last("sub").getString("id"));

        value(subscribed);
    }

    @Test
    void aRefusedSubscribeFailsWithTheServersCodeAndReasonAndDeliversNothing() {
        Harness h = new Harness();
        FakeConnection connection = h.connect();
        Harness.Inbox inbox = new Harness.Inbox();

        CompletionStage<Void> subscribed = h.client.subscribe("bad", inbox);
        connection.error(connection.last("sub").getString("id"), "bad-group", "no such group");
        connection.msg(1, "bad", "x");

        WatchboxErrorException error = assertInstanceOf(WatchboxErrorException.class, failure(subscribed));
        assertEquals("bad-group", error.getCode());
        assertEquals("no such group", error.getReason());
        assertEquals(List.of(), inbox.texts());
    }

    @Test
    void publishCompletesWithTheDeliveredCount() {
        Harness h = new Harness();
        FakeConnection connection = h.connect();

        CompletionStage<Integer> published = h.client.publish("hi", "g");
        assertEquals("hi", connection.last("pub").getString("msg"));
        assertEquals("g", connection.last("pub").getString("group"));
        connection.okDelivered(connection.last("pub").getString("id"), 3);

        assertEquals(3, value(published));
    }

    @Test
    void publishForResultSaysWhetherTheOtherReplicasGotTheMessage() {
        Harness h = new Harness();
        FakeConnection connection = h.connect();

        CompletionStage<PublishResult> relayed = h.client.publishForResult("everywhere", "g");
        connection.okDelivered(connection.last("pub").getString("id"), 3);
        CompletionStage<PublishResult> notRelayed = h.client.publishForResult("here only", "g");
        connection.okNotRelayed(connection.last("pub").getString("id"), 2);
        CompletionStage<PublishResult> bytes = h.client.publishForResult(new byte[] {1, 2}, "g");
        connection.okNotRelayed(connection.last("pub").getString("id"), 0);

        assertEquals(new PublishResult(3, true), value(relayed), "no relayed field: relayed, or a single server");
        assertEquals(new PublishResult(2, false), value(notRelayed));
        assertEquals(new PublishResult(0, false), value(bytes));
        assertEquals("base64", connection.last("pub").getString("encoding"));
    }

    @Test
    void publishStillCompletesWithTheCountWhenTheMessageWasNotRelayed() {
        Harness h = new Harness();
        FakeConnection connection = h.connect();

        CompletionStage<Integer> published = h.client.publish("here only", "g");
        connection.okNotRelayed(connection.last("pub").getString("id"), 2);

        assertEquals(2, value(published));
    }

    @Test
    void aRefusedPublishFailsWithTheServersErrorItselfWhicheverMethodPublished() {
        Harness h = new Harness();
        FakeConnection connection = h.connect();
        List<Throwable> failures = new ArrayList<>();

        h.client.publish("x", "g").whenComplete((delivered, error) -> failures.add(error));
        connection.error(connection.last("pub").getString("id"), "forbidden", "not yours");
        h.client.publishForResult("x", "g").whenComplete((result, error) -> failures.add(error));
        connection.error(connection.last("pub").getString("id"), "forbidden", "not yours");

        assertEquals(2, failures.size());
        failures.forEach(error -> assertInstanceOf(WatchboxErrorException.class, error, "not wrapped"));
    }

    @Test
    void repliesCompleteTheRequestTheyAnswerWhateverTheirOrder() {
        Harness h = new Harness();
        FakeConnection connection = h.connect();
        CompletionStage<Integer> first = h.client.publish("1", "g");
        CompletionStage<Integer> second = h.client.publish("2", "g");
        List<String> ids = connection.frames("pub").stream().map(f -> f.getString("id")).toList();

        connection.okDelivered(ids.get(1), 20);
        connection.okDelivered(ids.get(0), 10);

        assertEquals(2, new HashSet<>(ids).size(), "ids are unique");
        assertEquals(10, value(first));
        assertEquals(20, value(second));
    }

    @Test
    void unsubscribeStopsDeliveryAtOnce() {
        Harness h = new Harness();
        Harness.Inbox inbox = new Harness.Inbox();
        h.client.subscribe("g", inbox);
        FakeConnection connection = h.connect();
        connection.msg(1, "g", "before");

        CompletionStage<Void> unsubscribed = h.client.unsubscribe("g");
        connection.msg(2, "g", "in flight");
        connection.ok(connection.last("unsub").getString("id"));

        value(unsubscribed);
        assertEquals(List.of("before"), inbox.texts());
    }
}

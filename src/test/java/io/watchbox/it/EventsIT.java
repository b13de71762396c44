package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CDI events, as a bean deployed with the WAR observes them (io.watchbox.itapp.EventRecorder). */
class EventsIT {

    @Test
    void everyClientPublishFiresWatchboxMessageForSyncAndAsyncObservers() {
        String uid = Names.uid("events");
        String group = Names.group("events");
        Instant before = Instant.now().minusSeconds(5);
        try (RawClient client = RawClient.hello(uid)) {
            client.send("{\"type\":\"pub\",\"group\":\"" + group + "\",\"msg\":\"observed\"}");
            client.expect("ok");
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(uid).size() == 2);
            for (JsonObject event : messages(uid)) {
                assertEquals(uid, event.getString("uid"));
                assertEquals(group, event.getString("group"));
                assertEquals("observed", event.getString("msg"));
                assertTrue(Instant.parse(event.getString("time")).isAfter(before));
            }
            assertEquals(List.of("async", "sync"), messages(uid).stream().map(e -> e.getString("observer")).sorted().toList());
        }
    }

    @Test
    void restAndServerPublishesAreNotClientMessages() {
        String uid = Names.uid("quiet");
        String group = Names.group("quiet");
        try (RawClient client = RawClient.hello(uid)) {
            PubSubIT.subscribe(client, group);
            Server.publish(group, "from rest");
            client.expect("msg");
            client.send("{\"type\":\"pub\",\"group\":\"" + group + "\",\"msg\":\"marker\"}");
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(uid).size() == 2);
            assertTrue(messages(uid).stream().allMatch(e -> e.getString("msg").equals("marker")));
        }
    }

    @Test
    void aThrowingObserverDoesNotBreakDelivery() {
        String uid = Names.uid("throwing");
        String group = Names.group("throwing");
        try (RawClient client = RawClient.hello(uid)) {
            PubSubIT.subscribe(client, group);
            client.send("{\"type\":\"pub\",\"group\":\"" + group + "\",\"msg\":\"throw please\"}");
            client.send("{\"type\":\"pub\",\"group\":\"" + group + "\",\"msg\":\"and after\"}");
            List<String> received = List.of(nextMsg(client), nextMsg(client));
            assertEquals(List.of("throw please", "and after"), received);
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(uid).size() == 4);
        }
    }

    @Test
    void aSlowObserverDoesNotDelayDelivery() {
        String uid = Names.uid("slow");
        String group = Names.group("slow");
        try (RawClient client = RawClient.hello(uid)) {
            PubSubIT.subscribe(client, group);
            try {
                client.send("{\"type\":\"pub\",\"group\":\"" + group + "\",\"msg\":\"hold " + uid + "\"}");
                client.send("{\"type\":\"pub\",\"group\":\"" + group + "\",\"msg\":\"behind it\"}");
                assertEquals("hold " + uid, nextMsg(client));
                assertEquals("behind it", nextMsg(client));
                // The synchronous observer is held on the first event until this test releases it, yet
                // the client already has the second message: delivery did not wait for observers.
                assertFalse(messages(uid).stream().anyMatch(e -> e.getString("observer").equals("sync")
                        && e.getString("msg").equals("behind it")));
            } finally {
                Server.releaseHeldEvent(uid);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(uid).size() == 4);
        }
    }

    /** The next msg frame's text, skipping the publish acknowledgements. */
    private static String nextMsg(RawClient client) {
        for (;;) {
            JsonObject frame = client.next();
            if (frame.getString("type").equals("msg")) {
                return frame.getString("msg");
            }
        }
    }

    private static List<JsonObject> messages(String uid) {
        return Server.events(uid).stream().map(v -> v.asJsonObject())
                .filter(e -> e.getString("kind").equals("message")).toList();
    }
}

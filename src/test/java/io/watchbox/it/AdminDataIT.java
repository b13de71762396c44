package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.access.TestTokens;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an administrator (and the dashboard) reads over REST: each session's user, the frames
 * written and the event backlog in the stats, the subscribed filters with their subscriber
 * counts, and the last minutes of rates, sampled every second.
 */
class AdminDataIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aSessionShowsTheUserItsClientAuthenticatedAsAndNullWhenAnonymous() {
        String uid = Names.uid("user");
        String anonymous = Names.uid("anon");
        String token = TestTokens.token("alice", List.of("staff"), Instant.now().plusSeconds(600));
        try (RawClient alice = RawClient.connect(); RawClient nobody = RawClient.hello(anonymous)) {
            alice.send("{\"type\":\"hello\",\"uid\":\"" + uid + "\",\"token\":\"" + token + "\"}");
            alice.expect("welcome");

            assertEquals("alice", Server.client(uid).getString("user"));
            assertEquals(JsonValue.NULL, Server.client(anonymous).get("user"));
        }
    }

    @Test
    void onASingleNodeNoReplicaIsNamedAndNoReplicaHeadersAreSent() {
        String uid = Names.uid("single");
        try (RawClient client = RawClient.hello(uid)) {
            assertEquals(JsonValue.NULL, Server.client(uid).get("replica"));
            HttpResponse<String> stats = Server.get("/stats");
            assertEquals(JsonValue.NULL, Server.json(stats.body()).asJsonObject().get("replicas"));
            assertEquals(JsonValue.NULL, Server.json(stats.body()).asJsonObject().get("missingReplicas"));
            for (String path : List.of("/stats", "/clients", "/groups")) {
                HttpResponse<String> response = Server.get(path);
                assertEquals(200, response.statusCode(), response::body);
                assertTrue(response.headers().map().keySet().stream().noneMatch(h -> h.toLowerCase().startsWith("watchbox-replica")),
                        () -> path + ": " + response.headers().map());
            }
        }
    }

    @Test
    void theStatsCountFramesWrittenAndShowTheEventBacklog() {
        String group = Names.group("frames");
        try (RawClient subscriber = RawClient.hello(Names.uid("frames"))) {
            subscriber.send("{\"type\":\"sub\",\"group\":\"" + group + "\"}");
            subscriber.expect("ok");
            long before = stats().getJsonNumber("framesSent").longValue();

            Server.publish(group, "one");
            Server.publish(group, "two");
            subscriber.expect("msg");
            subscriber.expect("msg");

            // At least the two messages; other tests' frames may add to it.
            await().atMost(WAIT).until(() -> stats().getJsonNumber("framesSent").longValue() >= before + 2);
            assertTrue(stats().getJsonNumber("eventBacklog").longValue() >= 0);
            assertTrue(stats().getJsonNumber("eventsDropped").longValue() >= 0, "counted, and written even when 0");
        }
    }

    @Test
    void groupsListTheSubscribedFiltersWithTheirSubscriberCounts() {
        String filter = Names.group("groups") + "/+";
        try (RawClient alice = RawClient.hello(Names.uid("g")); RawClient bob = RawClient.hello(Names.uid("g"))) {
            for (RawClient client : List.of(alice, bob)) {
                client.send("{\"type\":\"sub\",\"group\":\"" + filter + "\"}");
                client.expect("ok");
            }
            assertEquals(2, subscribers(filter));

            bob.send("{\"type\":\"unsub\",\"group\":\"" + filter + "\"}");
            bob.expect("ok");

            assertEquals(1, subscribers(filter));
        }
    }

    @Test
    void theHistoryHoldsPerSecondSamplesThatShowAPublish() {
        String group = Names.group("history");
        Instant start = Instant.now();
        try (RawClient subscriber = RawClient.hello(Names.uid("history"))) {
            subscriber.send("{\"type\":\"sub\",\"group\":\"" + group + "\"}");
            subscriber.expect("ok");
            for (int i = 0; i < 5; i++) {
                Server.publish(group, "m" + i);
            }

            await().atMost(WAIT).until(() -> history().stream()
                    .anyMatch(s -> !Instant.parse(s.getString("time")).isBefore(start)
                            && s.getJsonNumber("publishedPerSecond").doubleValue() > 0
                            && s.getJsonNumber("deliveredPerSecond").doubleValue() > 0
                            && s.getJsonNumber("framesPerSecond").doubleValue() > 0));
        }
        List<JsonObject> samples = history();
        JsonObject last = samples.get(samples.size() - 1);
        for (String field : List.of("droppedPerSecond", "sessions", "connected", "queuedBytes", "eventBacklog")) {
            assertTrue(last.containsKey(field), () -> field + " in " + last);
        }
        assertTrue(samples.size() <= 300, "five minutes at most");
        for (int i = 1; i < samples.size(); i++) {
            assertTrue(Instant.parse(samples.get(i - 1).getString("time")).isBefore(Instant.parse(samples.get(i).getString("time"))),
                    "oldest first");
        }
    }

    private static JsonObject stats() {
        HttpResponse<String> response = Server.get("/stats");
        assertEquals(200, response.statusCode(), response::body);
        return Server.json(response.body()).asJsonObject();
    }

    private static int subscribers(String filter) {
        HttpResponse<String> response = Server.get("/groups");
        assertEquals(200, response.statusCode(), response::body);
        return Server.json(response.body()).asJsonArray().stream().map(JsonValue::asJsonObject)
                .filter(g -> g.getString("group").equals(filter)).mapToInt(g -> g.getInt("subscribers"))
                .findFirst().orElse(0);
    }

    private static List<JsonObject> history() {
        HttpResponse<String> response = Server.get("/stats/history");
        assertEquals(200, response.statusCode(), response::body);
        return Server.json(response.body()).asJsonArray().stream().map(JsonValue::asJsonObject).toList();
    }
}

package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.access.TestTokens;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What an administrator (and the dashboard) reads over REST: each session's user, the frames
 * written and the events waiting for observers in the stats, the subscribed filters with their subscriber
 * counts, and the last minutes of rates, sampled every second; sessions a page at a time, and
 * only the samples a poller has not seen yet.
 */
class AdminDataIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern NEXT = Pattern.compile("<([^>]*)>; rel=\"next\"");

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
            for (String clusterOnly : List.of("relayed", "notRelayed", "received", "missed", "relayIgnored", "callsFailed",
                    "notSent", "notLetGo", "missingAnswers", "claimsUnanswered", "sharedLost", "outageHeld", "outageRelayed",
                    "outageDropped")) {
                assertEquals(0, Server.json(stats.body()).asJsonObject().getJsonNumber(clusterOnly).longValue(), clusterOnly);
            }
            for (String path : List.of("/stats", "/clients", "/groups")) {
                HttpResponse<String> response = Server.get(path);
                assertEquals(200, response.statusCode(), response::body);
                assertTrue(response.headers().map().keySet().stream().noneMatch(h -> h.toLowerCase().startsWith("watchbox-replica")),
                        () -> path + ": " + response.headers().map());
            }
        }
    }

    @Test
    void theStatsCountFramesWritten() {
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
        }
    }

    /**
     * The test application's synchronous observer is held on a message "hold KEY" until the test
     * releases KEY (itapp.EventRecorder), so the event behind it waits; once released, the backlog
     * empties.
     */
    @Test
    void theEventBacklogShowsEventsWaitingBehindAHeldObserverAndEmpties() {
        String uid = Names.uid("backlog");
        String group = Names.group("backlog");
        try (RawClient publisher = RawClient.hello(uid)) {
            try {
                for (String msg : List.of("hold " + uid, "behind it")) {
                    publisher.send("{\"type\":\"pub\",\"group\":\"" + group + "\",\"msg\":\"" + msg + "\"}");
                    publisher.expect("ok");
                }

                await().atMost(WAIT).until(() -> eventBacklog() >= 1);
            } finally {
                Server.releaseHeldEvent(uid);
            }
            await().atMost(WAIT).until(() -> eventBacklog() == 0);
            // Far below the 100,000 bound, nothing was dropped; the counter is written even at 0.
            assertEquals(0, stats().getJsonNumber("eventsDropped").longValue());
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

    @Test
    void sessionsComeAPageAtATimeWithALinkToTheNext() {
        String base = Names.uid("page");
        try (RawClient one = RawClient.hello(base + "-1"); RawClient two = RawClient.hello(base + "-2");
                RawClient three = RawClient.hello(base + "-3")) {
            URI first = Server.api("/clients?after=" + base + "&limit=2");
            HttpResponse<String> page = Server.send(HttpRequest.newBuilder(first).GET());
            assertEquals(200, page.statusCode(), page::body);
            assertEquals(List.of(base + "-1", base + "-2"), uids(page), "the two uids after the cursor");
            String link = page.headers().firstValue("Link").orElseThrow(() -> new AssertionError(page.headers().map()));
            assertEquals("<clients?after=" + base + "-2&limit=2>; rel=\"next\"", link);

            HttpResponse<String> next = Server.send(HttpRequest.newBuilder(first.resolve(next(link))).GET());
            assertEquals(200, next.statusCode(), next::body);
            assertEquals(base + "-3", uids(next).get(0), "the next page goes on after the last uid of this one");
        }
    }

    @Test
    void followingTheLinksListsEverySessionOnceSortedByUidAndTheLastPageHasNoLink() {
        String uid = Names.uid("pages");
        try (RawClient client = RawClient.hello(uid)) {
            List<String> all = new ArrayList<>();
            URI address = Server.api("/clients?limit=3");
            for (int pages = 0; address != null; pages++) {
                assertTrue(pages < 10_000, "the links end");
                HttpResponse<String> page = Server.send(HttpRequest.newBuilder(address).GET());
                assertEquals(200, page.statusCode(), page::body);
                List<String> uids = uids(page);
                assertTrue(uids.size() <= 3, uids::toString);
                all.addAll(uids);
                URI here = address;
                address = page.headers().firstValue("Link").map(link -> here.resolve(next(link))).orElse(null);
            }
            assertTrue(all.contains(uid), all::toString);
            for (int i = 1; i < all.size(); i++) {
                assertTrue(all.get(i - 1).compareTo(all.get(i)) < 0, () -> "sorted, each once: " + all);
            }
        }
    }

    @Test
    void withoutALimitTheAnswerIsTheWholeListWithoutALink() {
        try (RawClient client = RawClient.hello(Names.uid("whole"))) {
            HttpResponse<String> response = Server.get("/clients");
            assertEquals(200, response.statusCode(), response::body);
            assertTrue(response.headers().firstValue("Link").isEmpty(), () -> response.headers().map().toString());
        }
    }

    @Test
    void aBadLimitOrSinceIsABadRequestWithAReason() {
        for (String path : List.of("/clients?limit=0", "/clients?limit=ten", "/stats/history?since=yesterday",
                "/stats/history?since=1700000000000")) {
            HttpResponse<String> response = Server.get(path);
            assertEquals(400, response.statusCode(), () -> path + ": " + response.body());
            JsonObject error = Server.json(response.body()).asJsonObject();
            assertEquals("bad-request", error.getString("code"), path);
            String parameter = path.contains("limit") ? "limit" : "since";
            assertTrue(error.getString("reason").startsWith(parameter + " must be "), error::toString);
        }
    }

    @Test
    void theHistorySinceASampleHoldsOnlyTheSamplesTakenAfterIt() {
        await().atMost(WAIT).until(() -> history().size() >= 2);
        List<JsonObject> samples = history();
        String since = samples.get(samples.size() - 2).getString("time");
        String last = samples.get(samples.size() - 1).getString("time");

        List<JsonObject> after = history(since);
        assertEquals(last, after.get(0).getString("time"), "the samples after the one given, from the next one on");

        String newest = after.get(after.size() - 1).getString("time");
        await().atMost(WAIT).until(() -> !history(newest).isEmpty());
        assertTrue(history(newest).stream().allMatch(s -> Instant.parse(s.getString("time")).isAfter(Instant.parse(newest))));
    }

    private static JsonObject stats() {
        HttpResponse<String> response = Server.get("/stats");
        assertEquals(200, response.statusCode(), response::body);
        return Server.json(response.body()).asJsonObject();
    }

    private static long eventBacklog() {
        return stats().getJsonNumber("eventBacklog").longValue();
    }

    private static int subscribers(String filter) {
        HttpResponse<String> response = Server.get("/groups");
        assertEquals(200, response.statusCode(), response::body);
        return Server.json(response.body()).asJsonArray().stream().map(JsonValue::asJsonObject)
                .filter(g -> g.getString("group").equals(filter)).mapToInt(g -> g.getInt("subscribers"))
                .findFirst().orElse(0);
    }

    private static List<JsonObject> history() {
        return history(null);
    }

    private static List<JsonObject> history(String since) {
        HttpResponse<String> response = Server.get("/stats/history"
                + (since == null ? "" : "?since=" + URLEncoder.encode(since, StandardCharsets.UTF_8)));
        assertEquals(200, response.statusCode(), response::body);
        return Server.json(response.body()).asJsonArray().stream().map(JsonValue::asJsonObject).toList();
    }

    private static List<String> uids(HttpResponse<String> response) {
        return Server.json(response.body()).asJsonArray().stream().map(v -> v.asJsonObject().getString("uid")).toList();
    }

    /** The address of a Link header's rel="next", as written (relative to the request's). */
    private static String next(String link) {
        Matcher next = NEXT.matcher(link);
        assertTrue(next.find(), link);
        return next.group(1);
    }
}

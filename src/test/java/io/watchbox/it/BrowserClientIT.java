package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.access.TestTokens;
import io.watchbox.it.browser.Browser;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInfo;

/**
 * watchbox.js in a real Chromium, through its test page. The page is loaded through a proxy that
 * can cut the connection, so the browser's origin and its WebSocket go the same way, and a drop
 * leaves the session on the server waiting for the resume.
 */
class BrowserClientIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Browser browser = new Browser();

    private static TcpProxy proxy;
    private HarnessPage page;

    @BeforeAll
    static void startProxy() throws Exception {
        proxy = new TcpProxy(URI.create(Server.baseUrl()).getPort());
    }

    @AfterAll
    static void stopProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    @BeforeEach
    void openPage() {
        proxy.allow();
        page = HarnessPage.open(browser, "http://127.0.0.1:" + proxy.port());
    }

    @AfterEach
    void screenshot(TestInfo test) {
        browser.screenshot(test);
    }

    @Test
    void connectsSubscribesWithWildcardsAndPublishes() {
        String group = Names.group("browser");
        JsonObject a = page.connect("a", Map.of());
        assertNotNull(a.getString("uid", null), a::toString);
        assertEquals("ws://127.0.0.1:" + proxy.port() + "/watchbox", a.getString("url"), "the endpoint beside watchbox.js");
        assertTrue(page.call("subscribe", "a", group + "/+/temp", "plus").getBoolean("ok"));
        assertTrue(page.call("subscribe", "a", group + "/#", "hash").getBoolean("ok"));
        page.connect("b", Map.of("uid", Names.uid("browser-b")));
        assertTrue(page.call("subscribe", "b", group + "/kitchen/+", "b").getBoolean("ok"));

        assertEquals(2, page.call("publish", "a", group + "/kitchen/temp", "21.5").getInt("delivered"),
                "a once for its two matching filters, and b");
        assertEquals(1, page.call("publish", "a", group + "/hall/humidity", "40%").getInt("delivered"));
        assertEquals(2, Server.publish(group + "/kitchen/light", "on"));

        await().atMost(WAIT).until(() -> page.messages("a").size() == 4 && page.messages("b").size() == 2);
        List<JsonObject> seen = page.messages("a");
        assertEquals(List.of("plus 21.5", "hash 21.5", "hash 40%", "hash on"),
                seen.stream().map(m -> m.getString("label") + " " + m.getString("text")).toList(),
                "every matching handler, in subscription order, once per message");
        assertEquals(a.getString("uid"), seen.get(0).getString("from"));
        assertEquals(JsonValue.NULL, seen.get(3).get("from"), "published by the server");
        assertEquals(List.of(group + "/kitchen/temp", group + "/kitchen/light"),
                page.messages("b").stream().map(m -> m.getString("group")).toList());
        assertEquals(List.of(1L, 2L, 3L), seen.stream().map(m -> m.getJsonNumber("seq").longValue()).distinct().toList());
    }

    @Test
    void aDroppedConnectionResumesWithBatchedFramesAndNothingLost() {
        String group = Names.group("browser-resume");
        String uid = subscribedThenCutOff(group);
        for (int i = 1; i <= 8; i++) {
            Server.publish(group, "m" + i);
        }
        int framesBefore = page.state("a").getJsonArray("frames").size();
        proxy.allow();
        await().atMost(WAIT).until(() -> page.texts("a").size() == 8);

        assertEquals(IntStream.rangeClosed(1, 8).mapToObj(i -> "m" + i).toList(), page.texts("a"), "all, once, in order");
        assertEquals(List.of(true), page.events("a", "reconnect").stream().map(e -> e.getBoolean("resumed")).toList());
        assertTrue(page.events("a", "skipped").isEmpty());
        List<String> frames = page.state("a").getJsonArray("frames").getValuesAs(JsonString::getString);
        frames = frames.subList(framesBefore, frames.size());
        assertTrue(frames.stream().anyMatch(frame -> frame.contains("\n")),
                "the server batched the welcome and the kept messages, and the page took them: " + frames);
        assertTrue(Server.client(uid).getBoolean("connected"));
    }

    @Test
    void anOverflowWhileAwayReportsTheExactSkipCount() {
        String group = Names.group("browser-gap");
        subscribedThenCutOff(group);
        int away = Server.LISTLIMIT + 7;
        for (int i = 1; i <= away; i++) {
            Server.publish(group, "m" + i);
        }
        proxy.allow();
        await().atMost(WAIT).until(() -> page.events("a", "reconnect").size() == 1);
        Server.publish(group, "after");
        await().atMost(WAIT).until(() -> page.texts("a").contains("after"));

        assertEquals(List.of(7), page.events("a", "skipped").stream().map(e -> e.getInt("count")).toList(),
                "the queue kept the last listlimit; 7 were skipped");
        List<String> expected = new ArrayList<>(IntStream.rangeClosed(8, away).mapToObj(i -> "m" + i).toList());
        expected.add("after");
        assertEquals(expected, page.texts("a"));
    }

    @Test
    void publishesMadeWhileOfflineAreSentAfterTheReconnect() {
        String group = Names.group("browser-offline");
        subscribedThenCutOff(group);
        await().atMost(WAIT).until(() -> page.events("a", "disconnect").size() == 1);
        for (int i = 1; i <= 3; i++) {
            page.call("publishLater", "a", group, "offline " + i);
        }
        assertTrue(page.state("a").getJsonArray("published").isEmpty(), "nothing is answered while offline");
        proxy.allow();
        await().atMost(WAIT).until(() -> page.state("a").getJsonArray("published").size() == 3);

        assertEquals(List.of(1, 1, 1), HarnessPage.objects(page.state("a"), "published").stream()
                .map(p -> p.getInt("delivered", -1)).toList(), "each delivered to the page's own subscription");
        await().atMost(WAIT).until(() -> page.texts("a").size() == 3);
        assertEquals(List.of("offline 1", "offline 2", "offline 3"), page.texts("a"));
        assertFalse(page.events("a", "disconnect").get(0).getBoolean("final"));
    }

    @Test
    void aRefusedTokenEndsTheConnectWithTheServersReason() {
        // Straight to the server: the proxy resets a connection the server closes, which may lose the 4403.
        page = HarnessPage.open(browser, Server.baseUrl());
        String expired = TestTokens.token("alice", List.of(), Instant.now().minusSeconds(600));
        JsonObject refused = page.connect("a", Map.of("token", expired)).getJsonObject("error");
        assertEquals("forbidden", refused.getString("code"), refused::toString);
        assertTrue(refused.getString("reason").startsWith("the token is not accepted"), refused::toString);
        List<JsonObject> errors = page.events("a", "error");
        assertEquals(1, errors.size(), errors::toString);
        assertEquals(refused.getString("reason"), errors.get(0).getString("reason"));
        assertFalse(page.state("a").getBoolean("connected"));

        JsonObject accepted = page.connect("b", Map.of("token", IdentityIT.token("alice")));
        assertEquals("alice", accepted.getString("user"), accepted::toString);
    }

    /** Connects client a, subscribes it to the group, then cuts its connection and refuses new ones; returns its uid. */
    private String subscribedThenCutOff(String group) {
        String uid = page.connect("a", Map.of()).getString("uid");
        assertTrue(page.call("subscribe", "a", group, "a").getBoolean("ok"));
        proxy.refuse();
        proxy.cutAll();
        await().atMost(WAIT).until(() -> !Server.client(uid).getBoolean("connected"));
        return uid;
    }
}

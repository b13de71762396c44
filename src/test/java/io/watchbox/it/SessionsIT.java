package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Sessions outlive sockets: resume, overflow, takeover, and the three ways a session ends. */
class SessionsIT {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(30);

    @Test
    void resumeAfterAnAbruptDropLosesNothing() {
        String uid = Names.uid("resume");
        String group = Names.group("resume");
        RawClient first = RawClient.hello(uid);
        PubSubIT.subscribe(first, group);
        Server.publish(group, "m1");
        assertEquals(1, first.expect("msg").getInt("seq"));
        first.abort();
        await().atMost(EVENT_WAIT).until(() -> !Server.client(uid).getBoolean("connected"));

        for (int i = 2; i <= 6; i++) {
            assertEquals(1, Server.publish(group, "m" + i), "queued for the absent session");
        }
        try (RawClient second = RawClient.connect()) {
            second.send("{\"type\":\"hello\",\"uid\":\"" + uid + "\",\"since\":1,\"resume\":\"" + first.resumeKey() + "\"}");
            JsonObject welcome = second.expect("welcome");
            assertTrue(welcome.getBoolean("resumed"));
            Server.publish(group, "m7");
            for (int seq = 2; seq <= 7; seq++) {
                JsonObject msg = second.expect("msg");
                assertEquals(seq, msg.getInt("seq"));
                assertEquals("m" + seq, msg.getString("msg"));
            }
            assertTrue(Server.events(uid).isEmpty(), "a resumed session did not end");
        }
    }

    @Test
    void aGapLongerThanListlimitSkipsExactlyTheOverflow() {
        String uid = Names.uid("overflow");
        String group = Names.group("overflow");
        RawClient first = RawClient.hello(uid);
        PubSubIT.subscribe(first, group);
        first.abort();
        await().atMost(EVENT_WAIT).until(() -> !Server.client(uid).getBoolean("connected"));

        int away = Server.LISTLIMIT + 5;
        for (int i = 1; i <= away; i++) {
            Server.publish(group, "m" + i);
        }
        JsonObject stats = Server.json(Server.get("/stats").body()).asJsonObject();
        assertTrue(stats.getJsonNumber("dropped").longValue() >= 5);

        try (RawClient second = RawClient.connect()) {
            second.send("{\"type\":\"hello\",\"uid\":\"" + uid + "\",\"since\":0,\"resume\":\"" + first.resumeKey() + "\"}");
            assertTrue(second.expect("welcome").getBoolean("resumed"));
            JsonObject oldestKept = second.expect("msg");
            assertEquals(6, oldestKept.getInt("seq"), "seq 1-5 were dropped: a gap of exactly 5");
            assertEquals("m6", oldestKept.getString("msg"));
            for (int seq = 7; seq <= away; seq++) {
                assertEquals(seq, second.expect("msg").getInt("seq"));
            }
        }
    }

    @Test
    void aSecondConnectionWithTheSameUidTakesTheSessionOver() {
        String uid = Names.uid("takeover");
        String group = Names.group("takeover");
        RawClient older = RawClient.hello(uid);
        PubSubIT.subscribe(older, group);
        try (RawClient newer = RawClient.connect()) {
            newer.send("{\"type\":\"hello\",\"uid\":\"" + uid + "\",\"resume\":\"" + older.resumeKey() + "\"}");
            assertTrue(newer.expect("welcome").getBoolean("resumed"));
            assertEquals(4409, older.closeCode());
            assertEquals(1, Server.publish(group, "to the newer"), "subscriptions carried over");
            assertEquals("to the newer", newer.expect("msg").getString("msg"));
            assertTrue(Server.events(uid).isEmpty(), "a takeover does not end the session");
        }
    }

    /** The hijack: uids are public (every message's from, GET /clients), so a uid alone resumes nothing. */
    @Test
    void aHelloWithAnotherClientsUidButNotItsResumeKeyIsForbiddenAndTheVictimIsUntouched() {
        String uid = Names.uid("victim");
        String group = Names.group("victim");
        try (RawClient victim = RawClient.hello(uid)) {
            PubSubIT.subscribe(victim, group);
            Server.publish(group, "kept for the victim");
            assertEquals("kept for the victim", victim.expect("msg").getString("msg"));
            try (RawClient attacker = RawClient.connect()) {
                attacker.send("{\"type\":\"hello\",\"uid\":\"" + uid + "\",\"since\":0,\"id\":\"h\"}");

                JsonObject refused = attacker.expect("error");
                assertEquals("forbidden", refused.getString("code"));
                assertEquals(4403, attacker.closeCode());
            }
            assertEquals(1, Server.publish(group, "still the victim's"));
            JsonObject msg = victim.expect("msg");
            assertEquals("still the victim's", msg.getString("msg"));
            assertEquals(2, msg.getInt("seq"), "nothing was taken from the victim's queue");
        }
    }

    @Test
    void byeEndsTheSessionAtOnceWithClose1000AndOneLeftEvent() {
        String uid = Names.uid("bye");
        RawClient client = RawClient.hello(uid);
        client.send("{\"type\":\"bye\"}");
        assertEquals(1000, client.closeCode());
        assertNull(Server.client(uid), "the session is gone");
        assertEquals(List.of("LEFT"), endReasons(uid, "sync"));
        assertEquals(List.of("LEFT"), endReasons(uid, "async"));
    }

    @Test
    void deleteKicksTheClientWithClose1008AndOneKickedEvent() {
        String uid = Names.uid("kick");
        RawClient client = RawClient.hello(uid);
        assertEquals(204, Server.delete("/clients/" + uid).statusCode());
        assertEquals(1008, client.closeCode());
        assertNull(Server.client(uid));
        assertEquals(List.of("KICKED"), endReasons(uid, "sync"));
        assertEquals(404, Server.delete("/clients/" + uid).statusCode());
    }

    @Test
    void aSilentConnectedClientIsTimedOutWithClose4408() {
        String uid = Names.uid("silent");
        RawClient client = RawClient.hello(uid);
        assertEquals(4408, client.closeCode());
        assertEquals(List.of("TIMEOUT"), endReasons(uid, "sync"));
        assertNull(Server.client(uid));
    }

    @Test
    void aDroppedSessionThatDoesNotComeBackEndsAfterTheTimeout() {
        String uid = Names.uid("vanished");
        RawClient client = RawClient.hello(uid);
        client.abort();
        assertEquals(List.of("TIMEOUT"), endReasons(uid, "async"));
        assertNull(Server.client(uid));
        try (RawClient late = RawClient.connect()) {
            late.send("{\"type\":\"hello\",\"uid\":\"" + uid + "\",\"since\":0,\"resume\":\"" + client.resumeKey() + "\"}");
            assertFalse(late.expect("welcome").getBoolean("resumed"), "too late to resume");
        }
    }

    @Test
    void clientsListsEachSessionWithItsState() {
        String uid = Names.uid("listed");
        String group = Names.group("listed");
        try (RawClient client = RawClient.hello(uid)) {
            PubSubIT.subscribe(client, group);
            JsonObject entry = Server.client(uid);
            assertNotNull(entry);
            assertTrue(entry.getBoolean("connected"));
            assertEquals(List.of(group), entry.getJsonArray("groups").getValuesAs(jakarta.json.JsonString.class)
                    .stream().map(jakarta.json.JsonString::getString).toList());
            assertEquals(0, entry.getInt("queued"));
            assertNotNull(java.time.Instant.parse(entry.getString("lastSeen")));
        }
    }

    @Test
    void statsCountPublishesAndDeliveries() {
        JsonObject before = Server.json(Server.get("/stats").body()).asJsonObject();
        String group = Names.group("stats");
        try (RawClient a = RawClient.hello(Names.uid("sa")); RawClient b = RawClient.hello(Names.uid("sb"))) {
            PubSubIT.subscribe(a, group);
            PubSubIT.subscribe(b, group);
            Server.publish(group, "counted");
            JsonObject after = Server.json(Server.get("/stats").body()).asJsonObject();
            assertTrue(after.getJsonNumber("published").longValue() >= before.getJsonNumber("published").longValue() + 1);
            assertTrue(after.getJsonNumber("delivered").longValue() >= before.getJsonNumber("delivered").longValue() + 2);
            assertTrue(after.getInt("sessions") >= 2);
            assertTrue(after.getInt("connected") >= 2);
            after.getJsonNumber("dropped");
        }
    }

    /** Waits for the session's end to be observed, then returns every end reason this observer saw. */
    static List<String> endReasons(String uid, String observer) {
        await().atMost(EVENT_WAIT).until(() -> !timeouts(uid, observer).isEmpty());
        return timeouts(uid, observer);
    }

    private static List<String> timeouts(String uid, String observer) {
        JsonArray events = Server.events(uid);
        return events.stream().map(e -> e.asJsonObject())
                .filter(e -> e.getString("kind").equals("timeout") && e.getString("observer").equals(observer))
                .map(e -> e.getString("reason")).collect(Collectors.toList());
    }
}

package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.MutableClock;
import io.watchbox.Stats;
import io.watchbox.Settings;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.values.StatsRecord;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolErrorTest {

    private static final int MAXMESSAGE = 256;

    private final MutableClock clock = new MutableClock();
    private final RecordingEvents events = new RecordingEvents();
    private final Broker broker = new Broker(ValidSettings.builder().logginglevel(3).timeout(10).listlimit(50).maxmessage(MAXMESSAGE).ratelimit(0).maxclients(10_000).maxsubscriptions(100).build(), clock, events);

    @Test
    void aFirstFrameOtherThanHelloGetsBadFrameThenClose4400() {
        Client client = connect();

        client.send("{'type':'ping','id':'p1'}");

        JsonObject error = client.lastFrame();
        assertError("bad-frame", "p1", error);
        assertEquals(List.of(4400), client.closeCodes());
        List<String> transcript = client.connection.transcript();
        assertEquals(2, transcript.size(), transcript::toString);
        assertEquals("close 4400", transcript.get(1), "the error frame goes out before the close");
        assertTrue(broker.sessions().isEmpty());
    }

    @Test
    void onASlowSocketTheCloseWaitsForTheErrorFrame() {
        Client client = connect();
        client.connection.hold();

        client.send("{'type':'sub','group':'a'}");
        assertEquals(1, client.connection.sentCount());
        assertEquals(List.of(), client.closeCodes(), "closing now would lose the error frame");

        client.connection.release();
        assertEquals(List.of(4400), client.closeCodes());
    }

    @Test
    void aHelloArrivingWhileTheProtocolErrorCloseIsPendingIsIgnored() {
        Client alice = connect();
        alice.hello("alice");
        Client doomed = connect();
        doomed.connection.hold();

        doomed.send("garbage");
        doomed.send("{'type':'hello','uid':'alice'}");
        doomed.connection.release();

        assertEquals(List.of(), alice.closeCodes(), "a doomed connection must not take a session over");
        assertEquals(List.of(4400), doomed.closeCodes());
        assertEquals(1, doomed.connection.sentCount());
        assertTrue(broker.session("alice").orElseThrow().connected());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{}", "{'type':'sub','group':'a'}", "{'type':'pub','group':'a','msg':'m'}",
            "{'type':'bye'}", "{'type':'dance'}", "{'type':'hello','uid':'bad uid'}", "{'type':'hello','since':'1'}"})
    void everyKindOfWrongFirstFrameIsABadFrameAndClose4400(String frame) {
        Client client = connect();

        client.send(frame);

        assertError("bad-frame", null, client.lastFrame());
        assertEquals(List.of(4400), client.closeCodes());
        assertEquals(new StatsRecord(0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), broker.stats(), "the error written");
    }

    @Test
    void aBinaryFrameBeforeHelloIsAProtocolError() {
        Client client = connect();

        client.protocol.onBinary();

        assertError("bad-frame", null, client.lastFrame());
        assertEquals(List.of(4400), client.closeCodes());
    }

    @Test
    void aBinaryFrameAfterHelloIsOnlyAnError() {
        Client client = connect();
        client.hello("alice");

        client.protocol.onBinary();

        assertError("bad-frame", null, client.lastFrame());
        assertEquals(List.of(), client.closeCodes());
    }

    @Test
    void aSecondHelloIsAnErrorAndTheSessionGoesOn() {
        Client alice = connect();
        alice.hello("alice");
        alice.subscribe("news");

        alice.send("{'type':'hello','id':'again','uid':'mallory'}");
        alice.publish("news", "still alice");

        assertError("bad-frame", "again", alice.connection.frames("error").get(0));
        assertEquals(List.of(), alice.closeCodes());
        assertEquals("alice", alice.messages().get(0).getString("from"));
        assertTrue(broker.session("mallory").isEmpty());
        assertEquals(1, alice.connection.frames("welcome").size());
    }

    @Test
    void aTooLargeFrameGetsTooLargeThenClose4413() {
        Client alice = connect();
        alice.hello("alice");

        alice.send("{'type':'pub','id':'big','group':'a','msg':'" + "x".repeat(MAXMESSAGE) + "'}");

        JsonObject error = alice.lastFrame();
        assertError("too-large", null, error);
        assertTrue(error.getString("reason").contains(Integer.toString(MAXMESSAGE)), error::toString);
        assertEquals(List.of(4413), alice.closeCodes());
        assertEquals(0, broker.stats().published());
        assertEquals("close 4413", alice.connection.transcript().get(alice.connection.transcript().size() - 1));
    }

    @Test
    void aTooLargeFirstFrameGetsTooLargeToo() {
        Client client = connect();

        client.send("{'type':'hello','uid':'" + "u".repeat(MAXMESSAGE) + "'}");

        assertError("too-large", null, client.lastFrame());
        assertEquals(List.of(4413), client.closeCodes());
        assertTrue(broker.sessions().isEmpty());
    }

    @Test
    void theLimitIsInUtf8BytesAndAFrameOfExactlyTheLimitPasses() {
        Client alice = connect();
        alice.hello("alice");
        String frame = "{'type':'ping','id':'p','pad':'%s'}";
        int room = MAXMESSAGE - String.format(frame, "").length();

        alice.send(String.format(frame, "x".repeat(room)));
        assertEquals("pong", alice.lastFrame().getString("type"));

        // a third as many chars, each 3 bytes in UTF-8: over the limit by the same amount
        alice.send(String.format(frame, "€".repeat(room / 3 + 1)));
        assertError("too-large", null, alice.lastFrame());
        assertEquals(List.of(4413), alice.closeCodes());
    }

    @Test
    void aTooLargeFrameAfterHelloLeavesTheSessionToResume() throws Exception {
        Client before = connect();
        before.hello("alice");
        before.subscribe("news");
        before.send("{'type':'ping','id':'" + "x".repeat(MAXMESSAGE) + "'}");
        broker.publish("news", "while closing");
        before.drop();

        Client after = connect();
        assertTrue(after.resume(before, 0).getBoolean("resumed"));
        assertEquals(List.of("while closing"), after.texts());
        assertEquals(List.of(), before.texts(), "nothing but the error goes out once the close is decided");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/+", "#", "a/#", "+"})
    void publishingToAWildcardGroupIsABadGroup(String group) throws Exception {
        Client listener = connect();
        listener.hello("listener");
        listener.subscribe("#");
        Client alice = connect();
        alice.hello("alice");

        alice.send("{'type':'pub','id':'w','group':'" + group + "','msg':'m'}");

        assertError("bad-group", "w", alice.lastFrame());
        assertEquals(List.of(), alice.closeCodes());
        assertEquals(List.of(), listener.texts());
        assertEquals(List.of(), events.published());
        assertEquals(0, broker.stats().published());
    }

    @Test
    void badGroupsInSubscriptionsAndPublishesAreErrorsThatKeepTheSession() {
        Client alice = connect();
        alice.hello("alice");

        alice.send("{'type':'sub','id':'s1','group':'a/#/b'}");
        alice.send("{'type':'sub','id':'s2','group':''}");
        alice.send("{'type':'pub','id':'p1','group':'" + "g".repeat(129) + "','msg':'m'}");
        alice.send("{'type':'pub','id':'p2','group':'a\\u0000b','msg':'m'}");
        alice.subscribe("ok/group");
        alice.publish("ok/group", "works");

        List<JsonObject> errors = alice.connection.frames("error");
        assertEquals(List.of("s1", "s2", "p1", "p2"), errors.stream().map(e -> e.getString("id")).toList());
        errors.forEach(e -> assertEquals("bad-group", e.getString("code")));
        assertEquals(List.of("works"), alice.texts());
        assertEquals(Set.of("ok/group"), broker.session("alice").orElseThrow().groups());
    }

    @Test
    void anUnknownTypeAfterHelloIsAnErrorWithItsIdAndNothingMore() {
        Client alice = connect();
        alice.hello("alice");

        alice.send("{'type':'subscribe','id':'u1','group':'a'}");
        alice.send("{'type':'ping','id':'p'}");

        assertError("unknown-type", "u1", alice.connection.frames("error").get(0));
        assertEquals("pong", alice.lastFrame().getString("type"));
        assertEquals(List.of(), alice.closeCodes());
    }

    @Test
    void aMalformedFrameAfterHelloCostsOnlyThatClientAnErrorFrame() throws Exception {
        Client alice = connect();
        alice.hello("alice");
        alice.subscribe("news");
        Client bob = connect();
        bob.hello("bob");
        bob.subscribe("news");

        bob.send("{'type':'pub','id':'b1','group':'news'}");
        bob.send("{'type':'pub','id':'b2','group':5,'msg':'m'}");
        bob.send("this is not json");
        broker.publish("news", "for everyone");

        List<JsonObject> errors = bob.connection.frames("error");
        assertError("bad-frame", "b1", errors.get(0));
        assertError("bad-frame", "b2", errors.get(1));
        assertError("bad-frame", null, errors.get(2));
        assertEquals(List.of(), bob.closeCodes());
        assertEquals(List.of("for everyone"), bob.texts());
        assertEquals(List.of("for everyone"), alice.texts());
        assertEquals(0, alice.connection.frames("error").size());
        assertEquals(2, broker.stats().connected());
    }

    private static void assertError(String code, String id, JsonObject frame) {
        assertEquals("error", frame.getString("type"), frame::toString);
        assertEquals(code, frame.getString("code"), frame::toString);
        if (id == null) {
            assertNull(frame.get("id"), frame::toString);
        } else {
            assertEquals(id, frame.getString("id"), frame::toString);
        }
        assertFalse(frame.getString("reason").isBlank());
    }

    private Client connect() {
        return new Client(broker);
    }
}

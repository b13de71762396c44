package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.EndReason;
import io.watchbox.internal.MutableClock;
import io.watchbox.Stats;
import io.watchbox.WatchboxTimeout;
import io.watchbox.Settings;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.values.StatsRecord;
import io.watchbox.internal.values.WatchboxMessageRecord;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrokerSessionTest {

    private final MutableClock clock = new MutableClock();
    private final RecordingEvents events = new RecordingEvents();
    private final Broker broker = new Broker(ValidSettings.DEFAULTS.withTimeout(10).withListlimit(50), clock, events);

    @Test
    void helloWithoutUidGetsAGeneratedOneAndTheSettings() {
        Client client = connect();
        client.send("{'type':'hello','id':'h1'}");

        JsonObject welcome = client.welcome();
        assertEquals("h1", welcome.getString("id"));
        assertTrue(welcome.getString("uid").matches("[A-Za-z0-9_-]{1,64}"), welcome::toString);
        assertFalse(welcome.getBoolean("resumed"));
        assertEquals(10, welcome.getInt("timeout"));
        assertEquals(50, welcome.getInt("listlimit"));
    }

    @Test
    void generatedUidsDiffer() {
        assertNotEquals(connect().hello(null).getString("uid"), connect().hello(null).getString("uid"));
        assertEquals(2, broker.stats().sessions());
    }

    @Test
    void helloWithAUidKeepsIt() {
        JsonObject welcome = connect().hello("alice");

        assertEquals("alice", welcome.getString("uid"));
        assertFalse(welcome.getBoolean("resumed"));
        assertTrue(broker.session("alice").orElseThrow().connected());
    }

    @Test
    void aSubscriberReceivesWhatIsPublishedWithSeqGroupAndSender() {
        Client alice = connect();
        alice.hello("alice");
        alice.send("{'type':'sub','id':'s','group':'chat/+'}");
        Client bob = connect();
        bob.hello("bob");

        bob.send("{'type':'pub','id':'p','group':'chat/lobby','msg':'hi'}");

        JsonObject message = alice.messages().get(0);
        assertEquals(1, message.getInt("seq"));
        assertEquals("chat/lobby", message.getString("group"));
        assertEquals("hi", message.getString("msg"));
        assertEquals("bob", message.getString("from"));
        assertEquals(List.of("welcome", "ok", "msg hi"), alice.transcript());
        assertEquals("s", alice.connection.frames("ok").get(0).getString("id"));
        assertEquals(List.of(), bob.messages());
    }

    @Test
    void aPublisherSubscribedToTheGroupGetsItsOwnMessage() {
        Client alice = connect();
        alice.hello("alice");
        alice.subscribe("news");

        alice.send("{'type':'pub','id':'p','group':'news','msg':'mine'}");

        assertEquals(List.of("mine"), alice.texts());
        assertEquals("alice", alice.messages().get(0).getString("from"));
        JsonObject ok = alice.connection.frames("ok").get(1);
        assertEquals("p", ok.getString("id"));
        assertEquals(1, ok.getInt("delivered"));
    }

    @Test
    void deliveredCountsEachMatchingSessionOnce() {
        Client alice = connect();
        alice.hello("alice");
        alice.subscribe("room/#").subscribe("room/+").subscribe("room/1");
        Client bob = connect();
        bob.hello("bob");
        bob.subscribe("room/1");
        Client carol = connect();
        carol.hello("carol");
        carol.subscribe("other/#");
        Client dave = connect();
        dave.hello("dave");

        dave.send("{'type':'pub','id':'p','group':'room/1','msg':'m'}");

        assertEquals(2, dave.lastFrame().getInt("delivered"));
        assertEquals(List.of("m"), alice.texts());
        assertEquals(List.of("m"), bob.texts());
        assertEquals(List.of(), carol.texts());
        Stats stats = broker.stats();
        assertEquals(1, stats.published());
        assertEquals(2, stats.delivered());
    }

    @Test
    void aPublishNobodyWantsDeliversZero() {
        Client alice = connect();
        alice.hello("alice");

        alice.send("{'type':'pub','id':'p','group':'void','msg':'m'}");

        assertEquals(0, alice.lastFrame().getInt("delivered"));
        assertEquals(new StatsRecord(1, 1, 1, 0, 0, 0, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), broker.stats(), "welcome and ok written");
    }

    @Test
    void aServerPublishIsFromNull() throws Exception {
        Client alice = connect();
        alice.hello("alice");
        alice.subscribe("alerts");

        assertEquals(1, broker.publish("alerts", "fire"));

        assertEquals(JsonValue.NULL, alice.messages().get(0).get("from"));
        assertEquals(List.of(), events.published(), "only client publishes are events");
    }

    @Test
    void aClientPublishFiresAnEventWithSenderGroupMessageAndTime() {
        Client alice = connect();
        alice.hello("alice");

        alice.publish("news", "hello world");

        assertEquals(List.of(new WatchboxMessageRecord("alice", null, "news", "hello world", clock.instant())), events.published());
    }

    @Test
    void unsubscribeStopsDeliveryAndIsOkWhenNotSubscribed() throws Exception {
        Client alice = connect();
        alice.hello("alice");
        alice.subscribe("a");
        broker.publish("a", "one");

        alice.send("{'type':'unsub','id':'u1','group':'a'}");
        alice.send("{'type':'unsub','id':'u2','group':'never'}");
        broker.publish("a", "two");

        assertEquals(List.of("one"), alice.texts());
        List<JsonObject> oks = alice.connection.frames("ok");
        assertEquals("u1", oks.get(1).getString("id"));
        assertEquals("u2", oks.get(2).getString("id"));
        assertEquals(Set.of(), broker.session("alice").orElseThrow().groups());
    }

    @Test
    void pingGetsPongWithTheSameId() {
        Client alice = connect();
        alice.hello("alice");

        alice.send("{'type':'ping','id':'42'}");

        assertEquals("pong", alice.lastFrame().getString("type"));
        assertEquals("42", alice.lastFrame().getString("id"));
    }

    /** The hijack: uids are public, so a uid alone takes nothing over. */
    @Test
    void aHelloWithAnotherClientsUidButNotItsKeyIsForbiddenAndTheSessionIsUntouched() throws Exception {
        Client victim = connect();
        victim.hello("alice");
        victim.subscribe("news");
        broker.publish("news", "kept");
        Client attacker = connect();

        attacker.send("{'type':'hello','uid':'alice','since':0,'id':'h'}");
        broker.publish("news", "after");

        assertEquals("forbidden", attacker.lastFrame().getString("code"));
        assertEquals(List.of(4403), attacker.closeCodes());
        assertEquals(List.of(), attacker.texts(), "nothing of the session reaches the attacker");
        assertEquals(List.of(), victim.closeCodes(), "the victim keeps its socket");
        assertEquals(List.of("kept", "after"), victim.texts());
        assertEquals(Set.of("news"), broker.session("alice").orElseThrow().groups());
    }

    @Test
    void aWrongKeyIsRefusedLikeNoKey() {
        Client victim = connect();
        victim.hello("alice");
        Client attacker = connect();

        attacker.send("{'type':'hello','uid':'alice','resume':'" + "A".repeat(22) + "'}");

        assertEquals(List.of(4403), attacker.closeCodes());
        assertEquals(List.of(), victim.closeCodes());
    }

    @Test
    void everySessionGetsItsOwnUnguessableKey() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String key = connect().hello("u" + i).getString("resume");
            assertTrue(key.length() >= 22, key);
            keys.add(key);
        }
        assertEquals(100, keys.size());
    }

    @Test
    void aSecondConnectionWithTheSameUidTakesTheSessionOver() throws Exception {
        Client first = connect();
        first.hello("alice");
        first.subscribe("news");

        Client second = connect();
        JsonObject welcome = second.takeOver(first);

        assertEquals(List.of(4409), first.closeCodes());
        assertTrue(welcome.getBoolean("resumed"));
        assertEquals(1, broker.publish("news", "after takeover"), "the subscription went over too");
        assertEquals(List.of("after takeover"), second.texts());
        assertEquals(List.of(), first.texts());
        assertEquals(List.of(), events.ended(), "a takeover does not end the session");
        assertEquals(1, broker.stats().sessions());
    }

    @Test
    void theReplacedSocketClosingLaterLeavesTheNewConnectionAttached() throws Exception {
        Client first = connect();
        first.hello("alice");
        first.subscribe("news");
        Client second = connect();
        second.takeOver(first);

        first.drop(); // the transport reports the 4409 close of the old socket

        assertTrue(broker.session("alice").orElseThrow().connected());
        broker.publish("news", "still here");
        assertEquals(List.of("still here"), second.texts());
        assertEquals(List.of(), second.closeCodes());
    }

    @Test
    void aReplacedConnectionNoLongerSpeaksForTheSession() throws Exception {
        Client first = connect();
        first.hello("alice");
        first.subscribe("news");
        Client second = connect();
        second.takeOver(first);

        // frames the old socket still delivers after its 4409 close was decided
        first.send("{'type':'unsub','group':'news'}");
        first.send("{'type':'bye'}");

        assertEquals(List.of(), second.closeCodes());
        assertEquals(List.of(), events.ended());
        assertEquals(1, broker.publish("news", "kept"));
        assertEquals(List.of("kept"), second.texts());
    }

    @Test
    void byeClosesWith1000AndEndsTheSessionOnce() {
        Client alice = connect();
        alice.hello("alice");
        alice.subscribe("news");

        alice.send("{'type':'bye'}");
        alice.drop();
        alice.send("{'type':'bye'}");

        assertEquals(List.of(1000), alice.closeCodes());
        assertEquals(List.of(new WatchboxTimeout("alice", EndReason.LEFT)), events.ended());
        assertTrue(broker.session("alice").isEmpty(), "removed at once");
        assertFalse(connect().hello("alice").getBoolean("resumed"), "nothing left to resume");
    }

    @Test
    void anEndedSessionGetsNoMoreMessages() throws Exception {
        Client alice = connect();
        alice.hello("alice");
        alice.subscribe("news");
        alice.send("{'type':'bye'}");

        assertEquals(0, broker.publish("news", "too late"));
        assertEquals(List.of(), alice.texts());
    }

    @Test
    void kickClosesWith1008AndEndsTheSessionAsKicked() {
        Client alice = connect();
        alice.hello("alice");

        assertTrue(broker.kick("alice"));
        assertFalse(broker.kick("alice"));
        alice.drop();

        assertEquals(List.of(1008), alice.closeCodes());
        assertEquals(List.of(new WatchboxTimeout("alice", EndReason.KICKED)), events.ended());
        assertTrue(broker.sessions().isEmpty());
    }

    @Test
    void kickingAnUnknownUidDoesNothing() {
        assertFalse(broker.kick("nobody"));
        assertEquals(List.of(), events.ended());
    }

    @Test
    void kickingADisconnectedSessionEndsItWithoutASocketToClose() {
        Client alice = connect();
        alice.hello("alice");
        alice.drop();

        assertTrue(broker.kick("alice"));

        assertEquals(List.of(), alice.closeCodes());
        assertEquals(List.of(new WatchboxTimeout("alice", EndReason.KICKED)), events.ended());
    }

    @Test
    void aSlowSubscriberLosesOnlyItsOwnOldestMessages() throws Exception {
        broker.updateSettings(s -> ValidSettings.of(s).withListlimit(5));
        Client slow = connect();
        slow.hello("slow");
        slow.subscribe("feed");
        Client fast = connect();
        fast.hello("fast");
        fast.subscribe("feed");
        slow.connection.hold();

        for (int i = 1; i <= 20; i++) {
            broker.publish("feed", "m" + i);
        }

        assertEquals(20, fast.messages().size());
        assertEquals(14, broker.stats().dropped(), "seq 2..15 were evicted unsent; seq 1 was on the wire");
        slow.connection.release();
        assertEquals(List.of(1L, 16L, 17L, 18L, 19L, 20L), slow.seqs());
        assertEquals(40, broker.stats().delivered(), "queued for both, 20 each");
    }

    @Test
    void sessionsAreListedWithTheirState() {
        Client alice = connect();
        alice.hello("alice");
        alice.subscribe("a/#");
        Client bob = connect();
        bob.hello("bob");
        bob.drop();

        assertEquals(List.of("alice", "bob"), broker.sessions().stream().map(s -> s.uid()).toList());
        assertTrue(broker.session("alice").orElseThrow().connected());
        assertEquals(Set.of("a/#"), broker.session("alice").orElseThrow().groups());
        assertFalse(broker.session("bob").orElseThrow().connected());
        assertEquals(2, broker.stats().sessions());
        assertEquals(1, broker.stats().connected());
    }

    private Client connect() {
        return new Client(broker);
    }
}

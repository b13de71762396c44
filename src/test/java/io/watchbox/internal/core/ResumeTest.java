package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.Settings;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumeTest {

    private final MutableClock clock = new MutableClock();
    private final RecordingEvents events = new RecordingEvents();
    private final Broker broker = new Broker(ValidSettings.DEFAULTS.withListlimit(50), clock, events);

    @Test
    void aResumedClientGetsExactlyTheMissedMessagesInOrderBeforeNewerOnes() throws Exception {
        Client before = connect();
        before.hello("alice");
        before.subscribe("news");
        publish("m1", "m2");
        assertEquals(List.of(1L, 2L), before.seqs());
        before.drop();

        publish("m3", "m4", "m5");
        Client after = connect();
        JsonObject welcome = after.resume(before, 2);
        publish("m6");

        assertTrue(welcome.getBoolean("resumed"));
        assertEquals("alice", welcome.getString("uid"));
        assertEquals(List.of("welcome", "msg m3", "msg m4", "msg m5", "msg m6"), after.transcript());
        assertEquals(List.of(3L, 4L, 5L, 6L), after.seqs());
        assertEquals(0, broker.stats().dropped());
        assertEquals(List.of(), events.ended(), "a drop that resumes in time does not end the session");
    }

    @Test
    void theReplayWaitsBehindTheWelcomeOnASlowSocket() throws Exception {
        Client before = connect();
        before.hello("alice");
        before.subscribe("news");
        before.drop();
        publish("m1", "m2");

        Client after = connect();
        after.connection.hold();
        after.resume(before, 0);
        publish("m3");
        after.connection.release();

        assertEquals(List.of("welcome", "msg m1", "msg m2", "msg m3"), after.transcript());
        assertEquals(1, after.connection.maxInFlight());
    }

    @Test
    void messagesSentButNotReceivedBeforeTheDropAreSentAgain() throws Exception {
        Client before = connect();
        before.hello("alice");
        before.subscribe("news");
        publish("m1", "m2", "m3"); // all written to the socket, but the client saw only seq 1
        before.drop();

        Client after = connect();
        after.resume(before, 1);

        assertEquals(List.of(2L, 3L), after.seqs());
        assertEquals(List.of("m2", "m3"), after.texts());
    }

    @Test
    void resumingWithTheLastSeqReplaysNothingAndNumberingGoesOn() throws Exception {
        Client before = connect();
        before.hello("alice");
        before.subscribe("news");
        publish("m1", "m2");
        before.drop();

        Client after = connect();
        after.resume(before, 2);
        publish("m3");

        assertEquals(List.of(3L), after.seqs());
    }

    @Test
    void sinceOlderThanTheQueueShowsTheExactGap() throws Exception {
        broker.updateSettings(s -> ValidSettings.of(s).withListlimit(3));
        Client before = connect();
        before.hello("alice");
        before.subscribe("news");
        publish("m1");
        before.drop();

        publish("m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10");
        Client after = connect();
        after.resume(before, 1);

        assertEquals(List.of(8L, 9L, 10L), after.seqs());
        long gap = after.seqs().get(0) - 1 - 1;
        assertEquals(6, gap, "m2..m7 were pushed out of the 3-message queue");
        assertEquals(gap, broker.stats().dropped());
    }

    @Test
    void droppedCountsOnlyMessagesEvictedBeforeTheyWereSent() throws Exception {
        broker.updateSettings(s -> ValidSettings.of(s).withListlimit(3));
        Client before = connect();
        before.hello("alice");
        before.subscribe("news");
        for (int i = 1; i <= 10; i++) {
            publish("m" + i);
        }
        assertEquals(0, broker.stats().dropped(), "evicting messages already sent loses nothing");
        before.drop();

        publish("m11", "m12", "m13", "m14", "m15");
        assertEquals(2, broker.stats().dropped(), "m11 and m12 never reached the client");

        Client after = connect();
        after.resume(before, 10);
        assertEquals(List.of(13L, 14L, 15L), after.seqs());
    }

    @Test
    void aLowerListlimitAtRunTimeAppliesToQueuedMessages() throws Exception {
        Client before = connect();
        before.hello("alice");
        before.subscribe("news");
        before.drop();
        publish("m1", "m2", "m3", "m4");

        broker.updateSettings(s -> ValidSettings.of(s).withListlimit(2));
        publish("m5");
        Client after = connect();
        after.resume(before, 0);

        assertEquals(List.of(4L, 5L), after.seqs());
        assertEquals(3, broker.stats().dropped());
    }

    @Test
    void helloWithAnUnknownUidStartsAFreshSessionAtSeqOne() throws Exception {
        Client client = connect();
        JsonObject welcome = client.resume("stranger", 5);
        client.subscribe("news");
        publish("first");

        assertFalse(welcome.getBoolean("resumed"));
        assertEquals("stranger", welcome.getString("uid"));
        assertEquals(List.of(1L), client.seqs());
    }

    @Test
    void aResumedSessionKeepsItsSubscriptions() throws Exception {
        Client before = connect();
        before.hello("alice");
        before.subscribe("a/#").subscribe("b/+");
        before.drop();

        Client after = connect();
        after.resume(before, 0);
        broker.publish("a/x/y", "one");
        broker.publish("b/z", "two");

        assertEquals(List.of("one", "two"), after.texts());
    }

    @Test
    void aTakeoverWithSinceReplaysWhatTheOldSocketMayHaveLost() throws Exception {
        Client first = connect();
        first.hello("alice");
        first.subscribe("news");
        first.connection.hold();
        publish("m1", "m2", "m3"); // m1 in flight, m2 and m3 still queued

        Client second = connect();
        second.resume(first, 0);

        assertEquals(List.of(4409), first.closeCodes());
        assertEquals(List.of(1L, 2L, 3L), second.seqs());
        assertEquals(List.of(), events.ended());
    }

    private void publish(String... messages) throws Exception {
        for (String message : messages) {
            broker.publish("news", message);
        }
    }

    private Client connect() {
        return new Client(broker);
    }
}

package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.EndReason;
import io.watchbox.Settings;
import io.watchbox.WatchboxTimeout;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeoutSweepTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration JUST_UNDER = TIMEOUT.minusMillis(1);

    private final MutableClock clock = new MutableClock();
    private final RecordingEvents events = new RecordingEvents();
    private final Broker broker = new Broker(ValidSettings.DEFAULTS.withTimeout(10), clock, events);

    @Test
    void aConnectedClientSilentForTheTimeoutIsClosedWith4408() {
        Client alice = connect();
        alice.hello("alice");

        clock.advance(JUST_UNDER);
        broker.sweep();
        assertEquals(List.of(), alice.closeCodes());
        assertEquals(List.of(), events.ended());

        clock.advance(Duration.ofMillis(2));
        broker.sweep();
        assertEquals(List.of(4408), alice.closeCodes());
        assertEquals(List.of(new WatchboxTimeout("alice", EndReason.TIMEOUT)), events.ended());
        assertTrue(broker.session("alice").isEmpty());
    }

    @Test
    void anyFrameFromTheClientKeepsItsSessionAlive() {
        Client alice = connect();
        alice.hello("alice");

        for (int i = 0; i < 5; i++) {
            clock.advance(JUST_UNDER);
            alice.send(i % 2 == 0 ? "{'type':'ping'}" : "{'type':'no-such-type'}");
            broker.sweep();
        }

        assertEquals(List.of(), alice.closeCodes());
        assertEquals(List.of(), events.ended());
    }

    @Test
    void messagesToTheClientAreNotASignOfLifeFromIt() throws Exception {
        Client alice = connect();
        alice.hello("alice");
        alice.subscribe("tick");

        for (int second = 1; second <= 11; second++) {
            clock.advance(Duration.ofSeconds(1));
            broker.publish("tick", "t" + second);
            broker.sweep();
        }

        assertEquals(List.of(4408), alice.closeCodes());
    }

    @Test
    void aDisconnectedSessionWaitsTheTimeoutForAResumeThenExpires() {
        Client alice = connect();
        alice.hello("alice");
        clock.advance(Duration.ofSeconds(5));
        alice.drop(); // the wait counts from the drop, not from the last frame

        clock.advance(JUST_UNDER);
        broker.sweep();
        assertTrue(broker.session("alice").isPresent());
        assertEquals(List.of(), events.ended());

        clock.advance(Duration.ofMillis(2));
        broker.sweep();
        assertTrue(broker.session("alice").isEmpty());
        assertEquals(List.of(new WatchboxTimeout("alice", EndReason.TIMEOUT)), events.ended());
        assertEquals(List.of(), alice.closeCodes(), "there was no socket left to close");
        assertFalse(connect().resume(alice, 0).getBoolean("resumed"));
    }

    @Test
    void aResumeJustInTimeRestartsTheClock() {
        Client before = connect();
        before.hello("alice");
        before.drop();
        clock.advance(JUST_UNDER);
        broker.sweep();

        Client after = connect();
        assertTrue(after.resume(before, 0).getBoolean("resumed"));
        clock.advance(JUST_UNDER);
        broker.sweep();

        assertEquals(List.of(), after.closeCodes());
        assertEquals(List.of(), events.ended());
    }

    @Test
    void aTimedOutSessionEndsOnceHoweverOftenTheSweepRuns() {
        Client alice = connect();
        alice.hello("alice");
        clock.advance(TIMEOUT.plusSeconds(1));

        broker.sweep();
        broker.sweep();
        alice.drop();
        clock.advance(TIMEOUT.plusSeconds(1));
        broker.sweep();

        assertFalse(broker.kick("alice"));
        assertEquals(List.of(4408), alice.closeCodes());
        assertEquals(List.of(new WatchboxTimeout("alice", EndReason.TIMEOUT)), events.ended());
    }

    @Test
    void aSessionThatLeftDoesNotAlsoTimeOut() {
        Client alice = connect();
        alice.hello("alice");
        alice.send("{'type':'bye'}");
        alice.drop();

        clock.advance(TIMEOUT.plusSeconds(1));
        broker.sweep();

        assertEquals(List.of(new WatchboxTimeout("alice", EndReason.LEFT)), events.ended());
        assertEquals(List.of(1000), alice.closeCodes());
    }

    @Test
    void aKickedSessionDoesNotAlsoTimeOut() {
        Client alice = connect();
        alice.hello("alice");
        broker.kick("alice");
        alice.drop();

        clock.advance(TIMEOUT.plusSeconds(1));
        broker.sweep();

        assertEquals(List.of(new WatchboxTimeout("alice", EndReason.KICKED)), events.ended());
        assertEquals(List.of(1008), alice.closeCodes());
    }

    @Test
    void onlyTheSilentSessionsEnd() {
        Client quiet = connect();
        quiet.hello("quiet");
        Client chatty = connect();
        chatty.hello("chatty");

        clock.advance(Duration.ofSeconds(6));
        chatty.send("{'type':'ping'}");
        clock.advance(Duration.ofSeconds(6));
        broker.sweep();

        assertEquals(List.of(new WatchboxTimeout("quiet", EndReason.TIMEOUT)), events.ended());
        assertEquals(List.of(), chatty.closeCodes());
        assertTrue(broker.session("chatty").orElseThrow().connected());
    }

    @Test
    void aTimeoutChangedAtRunTimeAppliesToTheNextSweep() {
        Client alice = connect();
        alice.hello("alice");

        broker.updateSettings(s -> ValidSettings.of(s).withTimeout(2));
        clock.advance(Duration.ofMillis(2_001));
        broker.sweep();

        assertEquals(List.of(4408), alice.closeCodes());
    }

    private Client connect() {
        return new Client(broker);
    }
}

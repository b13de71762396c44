package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.MutableClock;
import io.watchbox.Settings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShutdownTest {

    private final MutableClock clock = new MutableClock();
    private final RecordingEvents events = new RecordingEvents();
    private final Broker broker = new Broker(Settings.DEFAULTS, clock, events);

    @Test
    void shutdownClosesEverySocketAsGoingAwayAndFiresNoEvents() throws Exception {
        Client connected = new Client(broker);
        connected.hello("connected");
        Client away = new Client(broker);
        away.hello("away");
        away.drop();

        broker.shutdown();

        assertEquals(List.of(1001), connected.closeCodes());
        assertTrue(events.ended().isEmpty(), "no WatchboxTimeout once the application is going");
        clock.advance(Duration.ofMinutes(5));
        broker.sweep();
        assertTrue(events.ended().isEmpty(), "nothing is left to time out");
        assertEquals(0, broker.publish("g", "after"));
    }

    @Test
    void aConnectionThatArrivesWhileStoppingIsClosedGoingAway() {
        broker.shutdown();

        Client late = new Client(broker);

        assertEquals(List.of(1001), late.closeCodes());
    }

    @Test
    void aHelloThatArrivesWhileStoppingGetsNoSessionButGoingAway() {
        Client early = new Client(broker); // connected before the stop, says hello after it
        broker.shutdown();

        early.send("{'type':'hello','uid':'late'}");

        assertEquals(List.of(1001), early.closeCodes());
        assertEquals(List.of(), early.transcript(), "no welcome");
        assertTrue(broker.session("late").map(session -> !session.connected()).orElse(true),
                "no live session is left behind");
    }

    @Test
    void shuttingDownTwiceIsHarmless() {
        Client connected = new Client(broker);
        connected.hello("twice");

        broker.shutdown();
        broker.shutdown();

        assertEquals(List.of(1001), connected.closeCodes());
    }
}

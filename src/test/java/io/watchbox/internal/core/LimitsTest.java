package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.Settings;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** maxclients, maxsubscriptions, and the memory bound they give together with listlimit. */
class LimitsTest {

    private final MutableClock clock = new MutableClock();
    private final RecordingEvents events = new RecordingEvents();
    private final Broker broker = new Broker(ValidSettings.builder().logginglevel(3).timeout(10).listlimit(4).maxmessage(65536).ratelimit(0).maxclients(2).maxsubscriptions(3).build(), clock, events);

    @Test
    void aNewSessionBeyondMaxclientsIsRefusedWith1013AndTheOthersAreUntouched() throws Exception {
        Client first = new Client(broker);
        first.hello("first");
        Client second = new Client(broker);
        second.hello("second");
        first.subscribe("g");

        Client third = new Client(broker);
        third.send("{'type':'hello','uid':'third'}");

        assertNull(third.welcome());
        assertEquals(List.of(1013), third.closeCodes());
        assertEquals(2, broker.stats().sessions());
        assertEquals(1, broker.publish("g", "still served"), "existing sessions go on");
        assertEquals(List.of("still served"), first.texts());
    }

    @Test
    void aSessionWaitingForItsResumeKeepsItsPlaceAndCanResumeWhenFull() {
        Client first = new Client(broker);
        first.hello("first");
        new Client(broker).hello("second");
        first.drop();

        Client back = new Client(broker);
        assertTrue(back.resume(first, 0).getBoolean("resumed"));
    }

    @Test
    void anEndedSessionFreesItsPlace() {
        Client first = new Client(broker);
        first.hello("first");
        new Client(broker).hello("second");
        first.send("{'type':'bye'}");
        first.drop(); // the container reports the closed socket

        Client third = new Client(broker);
        third.hello("third");
        assertEquals("third", third.welcome().getString("uid"));
    }

    /** The attack: sockets that never say hello were not counted, so they could exceed maxclients. */
    @Test
    void socketsCountTowardMaxclientsFromTheMomentTheyOpen() {
        Client first = new Client(broker);
        Client second = new Client(broker);

        Client third = new Client(broker);

        assertEquals(List.of(1013), third.closeCodes(), "two silent sockets fill a server of two");
        assertEquals(List.of(), first.closeCodes());
        second.drop();
        Client fourth = new Client(broker);
        assertEquals("fourth", fourth.hello("fourth").getString("uid"), "a closed socket frees its place");
        assertEquals(2, broker.stats().sockets());
    }

    @Test
    void aSocketThatSaysNoHelloWithinHellotimeoutIsClosedWith4408() {
        Client silent = new Client(broker);
        Client polite = new Client(broker);
        polite.hello("polite");

        clock.advance(java.time.Duration.ofSeconds(Settings.DEFAULTS.hellotimeout()).minusMillis(1));
        broker.sweep();
        assertEquals(List.of(), silent.closeCodes());
        clock.advance(java.time.Duration.ofMillis(1));
        broker.sweep();

        assertEquals(List.of(4408), silent.closeCodes());
        assertEquals(List.of(), polite.closeCodes(), "a socket that said hello is not affected");
    }

    @Test
    void subscriptionsBeyondMaxsubscriptionsAreForbiddenAndTheSessionGoesOn() {
        Client client = new Client(broker);
        client.hello("many");
        client.subscribe("a").subscribe("b").subscribe("c").subscribe("a");
        client.send("{'type':'sub','group':'d','id':'fourth'}");

        assertEquals("forbidden", client.lastFrame().getString("code"));
        assertEquals("fourth", client.lastFrame().getString("id"));
        assertEquals(4, client.connection.frames("ok").size(), "a repeated subscription is not a new one");
        client.send("{'type':'unsub','group':'a'}").subscribe("d");
        assertEquals(6, client.connection.frames("ok").size(), "room again after an unsub");
    }

    @Test
    void queuedMessagesStayWithinMaxclientsTimesListlimit() throws Exception {
        Client first = new Client(broker);
        first.hello("first");
        Client second = new Client(broker);
        second.hello("second");
        first.subscribe("g");
        second.subscribe("g");
        first.drop();
        second.drop();
        for (int i = 0; i < 100; i++) {
            broker.publish("g", "m" + i);
        }
        long queued = broker.sessions().stream().mapToLong(s -> s.queued()).sum();
        assertEquals(2 * 4, queued, "maxclients x listlimit messages at most, however much is published");
    }
}

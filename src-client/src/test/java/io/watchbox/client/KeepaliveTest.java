package io.watchbox.client;

import static io.watchbox.client.Harness.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.FakeTransport.FakeConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's timeout is 9 s in these tests: ping after 3 s of silence, dead after 6 s without a frame. */
class KeepaliveTest {

    private static FakeConnection connectWithTimeout(Harness h) {
        h.client.connect();
        FakeConnection connection = h.transport.nextDial().accept();
        connection.welcome("u1", false, 9);
        connection.clearSent();
        return connection;
    }

    @Test
    void aPingGoesOutAfterAThirdOfTheTimeoutWithNothingSent() {
        Harness h = new Harness();
        FakeConnection connection = connectWithTimeout(h);

        h.scheduler.advance(ms(2_999));
        assertEquals(List.of(), connection.types());

        h.scheduler.advance(ms(1));
        assertEquals(List.of("ping"), connection.types());
    }

    @Test
    void sendingAnythingPutsThePingOff() {
        Harness h = new Harness();
        FakeConnection connection = connectWithTimeout(h);

        h.scheduler.advance(ms(2_000));
        h.client.publish("hi", "g");
        h.scheduler.advance(ms(2_999));
        assertEquals(List.of("pub"), connection.types());

        h.scheduler.advance(ms(1));
        assertEquals(List.of("pub", "ping"), connection.types());
    }

    @Test
    void aConnectionThatAnswersItsPingsStaysUp() {
        Harness h = new Harness();
        FakeConnection connection = connectWithTimeout(h);

        for (int i = 0; i < 20; i++) {
            h.scheduler.advance(Duration.ofSeconds(3));
            connection.pong();
        }

        assertTrue(h.client.isConnected());
        assertFalse(connection.aborted());
        assertEquals(20, connection.frames("ping").size());
    }

    @Test
    void aConnectionSilentForTwoThirdsOfTheTimeoutIsAbortedAndReconnectedBeforeTheServerGivesUp() {
        Harness h = new Harness();
        FakeConnection connection = connectWithTimeout(h);

        h.scheduler.advance(ms(5_999));
        assertTrue(h.client.isConnected());

        h.scheduler.advance(ms(1));
        assertTrue(connection.aborted());
        assertFalse(h.client.isConnected());
        assertEquals(List.of("disconnect:keepalive"), h.listener.events);

        h.reconnect(true);
        assertTrue(h.client.isConnected());
    }

    @Test
    void anyFrameFromTheServerCountsAsLife() {
        Harness h = new Harness();
        h.client.subscribe("g", m -> { });
        FakeConnection connection = connectWithTimeout(h);

        for (int seq = 1; seq <= 5; seq++) {
            h.scheduler.advance(Duration.ofSeconds(5));
            connection.msg(seq, "g", "still here");
        }

        assertTrue(h.client.isConnected());
    }
}

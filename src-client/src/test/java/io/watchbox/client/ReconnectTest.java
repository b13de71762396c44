package io.watchbox.client;

import static io.watchbox.client.Futures.failure;
import static io.watchbox.client.Harness.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.FakeTransport.FakeConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReconnectTest {

    @Test
    void aDropIsReportedOnceAndTheReconnectOnceHoweverManyAttemptsItTakes() {
        Harness h = new Harness();
        FakeConnection first = h.connect();

        first.breakWith(new IOException("connection reset"));
        for (int i = 0; i < 3; i++) {
            h.scheduler.runNextTimer();
            h.transport.nextDial().refuse();
        }
        h.reconnect(true);

        assertEquals(List.of("disconnect:io-error: IOException: connection reset", "reconnect:true"),
                h.listener.events);
        assertTrue(h.client.isConnected());
    }

    @Test
    void retryDelaysDoubleUpToTheMaximumAtTheTopOfTheJitterRange() {
        Harness h = new Harness(b -> b.initialBackoff(ms(100)).maxBackoff(ms(1000)));
        h.jitter = 0.9999999;
        h.connect().closeByServer(1006);

        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            delays.add(h.scheduler.runNextTimer());
            h.transport.nextDial().refuse();
        }

        assertEquals(List.of(ms(100), ms(200), ms(400), ms(800), ms(1000), ms(1000)), delays);
    }

    @Test
    void retryDelaysStayAtTheInitialDelayAtTheBottomOfTheJitterRange() {
        Harness h = new Harness(b -> b.initialBackoff(ms(100)).maxBackoff(ms(1000)));
        h.jitter = 0;
        h.connect().closeByServer(1006);

        for (int i = 0; i < 5; i++) {
            assertEquals(ms(100), h.scheduler.runNextTimer());
            h.transport.nextDial().refuse();
        }
    }

    @Test
    void aWelcomedConnectionResetsTheBackoff() {
        Harness h = new Harness(b -> b.initialBackoff(ms(100)).maxBackoff(ms(10_000)));
        h.jitter = 0.9999999;
        h.connect().closeByServer(1006);
        h.scheduler.runNextTimer();
        h.transport.nextDial().refuse();
        h.scheduler.runNextTimer();
        h.transport.nextDial().refuse();
        assertEquals(ms(400), h.scheduler.nextTimerDelay());

        h.scheduler.runNextTimer();
        FakeConnection back = h.transport.nextDial().accept();
        back.welcome("u1", true, 10);
        back.closeByServer(1001);

        assertEquals(ms(100), h.scheduler.nextTimerDelay());
    }

    @ParameterizedTest(name = "close {0} ends the connection for good: {1}")
    @CsvSource({"4409, replaced", "1008, kicked", "4403, forbidden", "4400, protocol-error"})
    void closeCodesThatForbidReconnecting(int code, String reason) {
        Harness h = new Harness();
        FakeConnection connection = h.connect();
        CompletionStage<Integer> unanswered = h.client.publish("hi", "g");

        connection.closeByServer(code);
        h.scheduler.advance(Duration.ofMinutes(10));

        assertEquals(List.of("disconnect:" + reason), h.listener.events);
        assertEquals(1, h.transport.dialCount());
        assertFalse(h.client.isConnected());
        assertInstanceOf(WatchboxConnectException.class, failure(unanswered),
                "nothing will send it, so it must not hang");
    }

    @ParameterizedTest(name = "close {0} is followed by a reconnect")
    @ValueSource(ints = {4408, 1001, 1006, 1011, 4413, 1000})
    void closeCodesThatReconnect(int code) {
        Harness h = new Harness();
        h.connect().closeByServer(code);

        h.reconnect(true);

        assertEquals(2, h.transport.dialCount());
        assertTrue(h.client.isConnected());
        assertEquals(2, h.listener.events.size());
    }

    @Test
    void withoutAutoReconnectADropIsFinalAndWaitingRequestsFail() {
        Harness h = new Harness(b -> b.autoReconnect(false));
        FakeConnection connection = h.connect();
        CompletionStage<Integer> unanswered = h.client.publish("hi", "g");

        connection.closeByServer(1006);
        h.scheduler.advance(Duration.ofMinutes(10));

        assertEquals(1, h.transport.dialCount());
        assertEquals(List.of("disconnect:closed 1006"), h.listener.events);
        assertInstanceOf(WatchboxConnectException.class, failure(unanswered));
    }

    @Test
    void closeSaysByeAndTheClientNeverComesBack() {
        Harness h = new Harness();
        FakeConnection connection = h.connect();
        CompletionStage<Integer> unanswered = h.client.publish("hi", "g");

        h.client.close();
        connection.closeByServer(1000);

        List<String> types = connection.types();
        assertEquals("bye", types.get(types.size() - 1));
        assertEquals(1000, connection.closeCode());
        assertInstanceOf(WatchboxClosedException.class, failure(unanswered));
        assertInstanceOf(WatchboxClosedException.class, failure(h.client.publish("later", "g")));
        assertInstanceOf(WatchboxClosedException.class, failure(h.client.subscribe("g", m -> { })));
        assertInstanceOf(WatchboxClosedException.class, failure(h.client.connect()));
        assertNull(h.scheduler.nextTimerDelay());
        assertEquals(1, h.transport.dialCount());
        assertEquals(List.of(), h.listener.events, "closing on purpose is not a drop");
        h.client.close();
    }

    @Test
    void closeWhileWaitingToReconnectCancelsTheRetry() {
        Harness h = new Harness();
        h.connect().closeByServer(1006);

        h.client.close();
        h.scheduler.advance(Duration.ofMinutes(10));

        assertEquals(1, h.transport.dialCount());
    }
}

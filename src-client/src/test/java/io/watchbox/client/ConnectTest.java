package io.watchbox.client;

import static io.watchbox.client.Futures.assertPending;
import static io.watchbox.client.Futures.failure;
import static io.watchbox.client.Futures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.FakeTransport.FakeConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ConnectTest {

    @Test
    void connectCompletesWhenTheWelcomeArrives() {
        Harness h = new Harness();
        CompletionStage<Void> connected = h.client.connect();
        FakeConnection connection = h.transport.nextDial().accept();

        assertPending(connected);
        assertFalse(h.client.isConnected());

        connection.welcome("server-given", false, 10);

        value(connected);
        assertTrue(h.client.isConnected());
        assertEquals("server-given", h.client.uid());
    }

    @Test
    void theFirstHelloHasTheConfiguredUidAndNoSince() {
        Harness h = new Harness(b -> b.uid("me-1"));
        h.client.connect();
        FakeConnection connection = h.transport.nextDial().accept();

        assertEquals(List.of("hello"), connection.types());
        assertEquals("me-1", connection.last("hello").getString("uid"));
        assertFalse(connection.last("hello").containsKey("since"));
        assertFalse(connection.last("hello").containsKey("resume"), "no key before the first welcome");
    }

    @Test
    void theServerGivenUidTheLastSeqAndTheResumeKeyAreSentOnReconnect() {
        Harness h = new Harness();
        FakeConnection first = h.connect();
        h.client.subscribe("g", m -> { });
        first.msg(1, "g", "a");
        first.msg(2, "g", "b");

        first.breakWith(new IOException("reset"));
        h.scheduler.runNextTimer();
        FakeConnection second = h.transport.nextDial().accept();

        assertEquals("u1", second.last("hello").getString("uid"));
        assertEquals(2, second.last("hello").getJsonNumber("since").longValue());
        assertEquals("key-of-u1", second.last("hello").getString("resume"));
    }

    @Test
    void withoutAutoReconnectAnUnreachableServerFailsTheConnect() {
        Harness h = new Harness(b -> b.autoReconnect(false));
        CompletionStage<Void> connected = h.client.connect();

        h.transport.nextDial().refuse();

        Throwable error = failure(connected);
        assertInstanceOf(WatchboxConnectException.class, error);
        assertTrue(error.getMessage().contains("Connection refused"), error.getMessage());
        h.scheduler.advance(Duration.ofMinutes(5));
        assertEquals(1, h.transport.dialCount());
    }

    @Test
    void withAutoReconnectAnUnreachableServerIsRetriedUntilItAnswers() {
        Harness h = new Harness();
        CompletionStage<Void> connected = h.client.connect();
        for (int i = 0; i < 3; i++) {
            h.transport.nextDial().refuse();
            assertPending(connected);
            h.scheduler.runNextTimer();
        }
        h.transport.nextDial().accept().welcome("u1", false, 10);

        value(connected);
        assertEquals(4, h.transport.dialCount());
        assertEquals(List.of(), h.listener.events, "the first connect is neither a drop nor a reconnect");
    }

    @Test
    void aServerThatNeverWelcomesIsGivenUpAfterTheConnectTimeout() {
        Harness h = new Harness(b -> b.connectTimeout(Duration.ofSeconds(5)));
        CompletionStage<Void> connected = h.client.connect();
        FakeConnection silent = h.transport.nextDial().accept();

        h.scheduler.advance(Duration.ofSeconds(5));

        assertTrue(silent.aborted());
        assertPending(connected);
        h.scheduler.runNextTimer();
        h.transport.nextDial().accept().welcome("u1", false, 10);
        value(connected);
    }

    @Test
    void connectWhileConnectedCompletesAtOnce() {
        Harness h = new Harness();
        h.connect();

        value(h.client.connect());
        assertEquals(1, h.transport.dialCount());
    }
}

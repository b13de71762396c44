package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.Settings;
import io.watchbox.WatchboxAuthorizer;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.FakeConnection;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.ErrorLog;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fault of ours at a client's socket (a bug met while handling a frame, a container error that is
 * not the peer going away): shown once in watchbox.error at WARNING with the uid, rate-limited,
 * and 1011 for that socket only. A peer that went away is no warning.
 */
class UnexpectedFailureTest {

    /** An authorizer with a bug: it throws on one group. */
    private static final WatchboxAuthorizer BUGGY = new WatchboxAuthorizer() {
        @Override
        public boolean maySubscribe(String uid, WatchboxIdentity identity, String pattern) {
            if (pattern.equals("buggy")) {
                throw new IllegalStateException("authorizer bug");
            }
            return true;
        }
    };

    private final Broker broker = new Broker(Settings.DEFAULTS, new MutableClock(), new RecordingEvents(), BUGGY);
    @RegisterExtension
    final ErrorLog errors = ErrorLog.record();

    @Test
    void theSocketIsClosedWith1011AndTheFailureLoggedOnceAtWarningWithTheUid() {
        FakeConnection connection = new FakeConnection();
        ClientProtocol protocol = broker.open(connection, Map.of());
        protocol.onText("{\"type\":\"hello\",\"uid\":\"victim\"}");

        protocol.onText("{\"type\":\"sub\",\"group\":\"buggy\"}");

        assertEquals(List.of(1011), connection.closeCodes());
        List<LogRecord> warnings = errors.at(Level.WARNING);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).getMessage().contains("victim"), warnings.get(0).getMessage());
        assertTrue(warnings.get(0).getThrown() instanceof IllegalStateException);
    }

    @Test
    void aFloodOfTheSameBugIsOneLineAndEverySocketItHitIsClosed() {
        List<FakeConnection> connections = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            FakeConnection connection = new FakeConnection();
            connections.add(connection);
            ClientProtocol protocol = broker.open(connection, Map.of());
            protocol.onText("{\"type\":\"hello\",\"uid\":\"victim" + i + "\"}");
            protocol.onText("{\"type\":\"sub\",\"group\":\"buggy\"}");
        }

        assertEquals(1, errors.at(Level.WARNING).size(), "one line per minute");
        connections.forEach(c -> assertEquals(List.of(1011), c.closeCodes()));
    }

    @Test
    void aContainerErrorOnTheSocketIsShownAndClosesItWith1011() {
        FakeConnection connection = new FakeConnection();
        ClientProtocol protocol = broker.open(connection, Map.of());
        protocol.onText("{\"type\":\"hello\",\"uid\":\"victim\"}");

        protocol.transportFailed(new IllegalStateException("container bug"));

        assertEquals(List.of(1011), connection.closeCodes());
        List<LogRecord> warnings = errors.at(Level.WARNING);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).getMessage().contains("victim"), warnings.get(0).getMessage());
    }

    @Test
    void aPeerThatWentAwayIsNoWarningAndNoClose() {
        FakeConnection connection = new FakeConnection();
        ClientProtocol protocol = broker.open(connection, Map.of());
        protocol.onText("{\"type\":\"hello\",\"uid\":\"leaver\"}");

        protocol.transportFailed(new RuntimeException("read failed", new EOFException()));
        protocol.transportFailed(new IOException("Connection reset by peer"));

        assertTrue(connection.closeCodes().isEmpty(), "the container closes it: the peer is gone");
        assertEquals(0, errors.records().stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).count());
    }

    @Test
    void everyoneElseGoesOn() throws Exception {
        FakeConnection bystander = new FakeConnection();
        ClientProtocol other = broker.open(bystander, Map.of());
        other.onText("{\"type\":\"hello\",\"uid\":\"bystander\"}");
        other.onText("{\"type\":\"sub\",\"group\":\"room\"}");
        ClientProtocol failing = broker.open(new FakeConnection(), Map.of());
        failing.onText("{\"type\":\"hello\",\"uid\":\"victim\"}");

        failing.onText("{\"type\":\"sub\",\"group\":\"buggy\"}");
        int delivered = broker.publish("room", "still here");

        assertEquals(1, delivered);
        assertEquals("still here", bystander.lastFrame().getString("msg"));
        assertTrue(bystander.closeCodes().isEmpty());
    }
}

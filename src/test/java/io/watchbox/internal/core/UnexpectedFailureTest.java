package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.Settings;
import io.watchbox.WatchboxAuthorizer;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.FakeConnection;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.logging.LoggingLevel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A bug met while handling a frame: logged once at SEVERE with the uid, 1011 for that socket only. */
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
    private final List<LogRecord> errors = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            errors.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void recordErrors() {
        Logger.getLogger(LoggingLevel.ERROR).addHandler(recorder);
    }

    @AfterEach
    void stopRecording() {
        Logger.getLogger(LoggingLevel.ERROR).removeHandler(recorder);
    }

    @Test
    void theSocketIsClosedWith1011AndTheFailureLoggedOnceAtSevereWithTheUid() {
        FakeConnection connection = new FakeConnection();
        ClientProtocol protocol = broker.open(connection, Map.of());
        protocol.onText("{\"type\":\"hello\",\"uid\":\"victim\"}");

        protocol.onText("{\"type\":\"sub\",\"group\":\"buggy\"}");

        assertEquals(List.of(1011), connection.closeCodes());
        List<LogRecord> severe = errors.stream().filter(r -> r.getLevel() == Level.SEVERE).toList();
        assertEquals(1, severe.size());
        assertTrue(severe.get(0).getMessage().contains("victim"), severe.get(0).getMessage());
        assertTrue(severe.get(0).getThrown() instanceof IllegalStateException);
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

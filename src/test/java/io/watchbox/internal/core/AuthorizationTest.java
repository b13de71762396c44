package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.FakeConnection;
import io.watchbox.internal.MutableClock;
import io.watchbox.WatchboxAuthorizer;
import io.watchbox.WatchboxIdentity;
import io.watchbox.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizationTest {

    /** Lets in only clients with token=good, and keeps everyone out of "secret/#". */
    private static final WatchboxAuthorizer AUTHORIZER = new WatchboxAuthorizer() {
        @Override
        public boolean mayConnect(String uid, WatchboxIdentity identity, Map<String, List<String>> parameters) {
            return parameters.getOrDefault("token", List.of()).contains("good");
        }

        @Override
        public boolean maySubscribe(String uid, WatchboxIdentity identity, String pattern) {
            return !pattern.startsWith("secret") && !pattern.equals("#");
        }

        @Override
        public boolean mayPublish(String uid, WatchboxIdentity identity, String group) {
            return !group.startsWith("secret");
        }
    };

    private final RecordingEvents events = new RecordingEvents();
    private final Broker broker = new Broker(Settings.DEFAULTS, new MutableClock(), events, AUTHORIZER);

    @Test
    void aRefusedHelloGetsForbiddenThenClose4403AndNoSession() {
        FakeConnection connection = new FakeConnection();
        ClientProtocol protocol = broker.open(connection, Map.of("token", List.of("bad")));
        protocol.onText("{\"type\":\"hello\",\"id\":\"h\"}");

        assertEquals("forbidden", connection.lastFrame().getString("code"));
        assertEquals("h", connection.lastFrame().getString("id"));
        assertEquals(List.of(4403), connection.closeCodes());
        assertTrue(broker.sessions().isEmpty());
    }

    @Test
    void refusedSubscriptionsAndPublishesGetForbiddenAndTheSessionGoesOn() {
        FakeConnection connection = new FakeConnection();
        ClientProtocol protocol = broker.open(connection, Map.of("token", List.of("good")));
        protocol.onText("{\"type\":\"hello\"}");
        protocol.onText("{\"type\":\"sub\",\"group\":\"secret/plans\",\"id\":\"s\"}");
        assertEquals("forbidden", connection.lastFrame().getString("code"));
        protocol.onText("{\"type\":\"pub\",\"group\":\"secret/plans\",\"msg\":\"x\",\"id\":\"p\"}");
        assertEquals("forbidden", connection.lastFrame().getString("code"));
        assertTrue(events.published().isEmpty(), "a refused publish is not a client message");

        protocol.onText("{\"type\":\"sub\",\"group\":\"open\",\"id\":\"ok\"}");
        assertEquals("ok", connection.lastFrame().getString("type"));
        assertTrue(connection.closeCodes().isEmpty(), "the session goes on");
    }
}

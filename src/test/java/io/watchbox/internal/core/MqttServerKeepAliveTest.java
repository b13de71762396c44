package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.EndReason;
import io.watchbox.WatchboxTimeout;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code watchbox.mqtt.maxkeepalive}: a 5.0 client asking for no keep alive or a longer one is
 * given the maximum as Server Keep Alive and held to it; a 3.1.1 client asking for a longer one is
 * refused, since it cannot be told.
 */
class MqttServerKeepAliveTest {

    private static final int MAX = 60;

    private final MutableClock clock = new MutableClock();
    private final RecordingEvents events = new RecordingEvents();
    private final Broker broker = new Broker(ValidSettings.DEFAULTS.toBuilder().timeout(10).mqttmaxkeepalive(MAX).build(),
            clock, events);

    @ParameterizedTest(name = "keep alive {0}")
    @ValueSource(ints = {0, MAX + 1, 65535})
    void aVersion5ClientAskingForNoneOrMoreThanTheMaximumIsGivenTheMaximum(int asked) {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connect("alice", true, asked, Properties.EMPTY);

        Packet.Connack connack = client.last(Packet.Connack.class);
        assertEquals(ReasonCode.SUCCESS, connack.reason());
        assertEquals(MAX, connack.properties().number(Property.SERVER_KEEP_ALIVE).getAsLong());
    }

    @ParameterizedTest(name = "keep alive {0}")
    @ValueSource(ints = {1, 30, MAX})
    void aVersion5ClientWithinTheMaximumKeepsItsOwnAndIsNotToldOne(int asked) {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connect("alice", true, asked, Properties.EMPTY);

        Packet.Connack connack = client.last(Packet.Connack.class);
        assertEquals(ReasonCode.SUCCESS, connack.reason());
        assertFalse(connack.properties().has(Property.SERVER_KEEP_ALIVE));
    }

    @ParameterizedTest(name = "keep alive {0}")
    @ValueSource(ints = {0, 3600})
    void theServerKeepAliveIsEnforcedAfterOneAndAHalfTimesIt(int asked) {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connect("alice", true, asked, Properties.EMPTY);

        advance(Duration.ofMillis(MAX * 1500L));
        assertEquals(List.of(), client.closeCodes(), "silent for exactly 1.5 times the Server Keep Alive");
        assertTrue(broker.session("alice").isPresent(), "watchbox.timeout does not end a session within its keep alive");
        client.send(new Packet.Pingreq());
        advance(Duration.ofMillis(MAX * 1500L));
        assertEquals(List.of(), client.closeCodes(), "a ping starts the count again");

        advance(Duration.ofMillis(1));
        assertEquals(ReasonCode.KEEP_ALIVE_TIMEOUT, client.last(Packet.Disconnect.class).reason());
        assertEquals(1, client.closeCodes().size());
    }

    @Test
    void aVersion311ClientAskingForMoreThanTheMaximumIsRefusedAsAnIdentifierRejected() {
        MqttClient client = new MqttClient(broker, MqttVersion.V3_1_1).connect("alice", true, MAX + 1, Properties.EMPTY);

        assertEquals(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, client.last(Packet.Connack.class).reason());
        assertEquals(1, client.closeCodes().size());
        assertTrue(broker.sessions().isEmpty());
    }

    @Test
    void aRefusedKeepAliveCostsTheSessionOfTheSameIdNothing() {
        MqttClient owner = new MqttClient(broker, MqttVersion.V3_1_1, "alice").connect("alice", false, MAX, Properties.EMPTY);

        MqttClient again = new MqttClient(broker, MqttVersion.V3_1_1, "alice").connect("alice", false, MAX + 1, Properties.EMPTY);

        assertEquals(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, again.last(Packet.Connack.class).reason());
        assertEquals(List.of(), owner.closeCodes(), "the refused CONNECT did not take the session over");
        assertTrue(broker.session("alice").isPresent());
    }

    @Test
    void aVersion311ClientAtTheMaximumIsHeldToItsOwnKeepAlive() {
        MqttClient client = new MqttClient(broker, MqttVersion.V3_1_1).connect("alice", true, MAX, Properties.EMPTY);

        assertEquals(ReasonCode.SUCCESS, client.last(Packet.Connack.class).reason());
        advance(Duration.ofMillis(MAX * 1500L));
        assertEquals(List.of(), client.closeCodes());
        advance(Duration.ofMillis(1));
        assertEquals(1, client.closeCodes().size());
    }

    @Test
    void aSilentVersion311ClientWithoutKeepAliveHasItsSessionEndedByTheSessionTimeout() {
        MqttClient client = new MqttClient(broker, MqttVersion.V3_1_1).connect("alice", true, 0, Properties.EMPTY);

        assertEquals(ReasonCode.SUCCESS, client.last(Packet.Connack.class).reason());
        advance(Duration.ofSeconds(broker.settings().timeout() - 1));
        assertTrue(broker.session("alice").isPresent(), "silent for less than watchbox.timeout");
        advance(Duration.ofSeconds(2));
        assertTrue(broker.session("alice").isEmpty());
        assertEquals(List.of(new WatchboxTimeout("alice", EndReason.TIMEOUT)), events.ended());
    }

    /** Time passes in steps of at most a second, with a sweep after each, as the server's own sweep runs. */
    private void advance(Duration duration) {
        long left = duration.toMillis();
        while (left > 0) {
            long step = Math.min(left, 1000);
            clock.advance(Duration.ofMillis(step));
            broker.sweep();
            left -= step;
        }
    }
}

package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.Stats;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import org.junit.jupiter.api.Test;

/** The counters of {@code GET /stats} and the metrics tell MQTT sessions apart from JSON ones. */
class StatsByProtocolTest {

    private final MutableClock clock = new MutableClock();
    private final Broker broker = new Broker(ValidSettings.DEFAULTS.withTimeout(10).toBuilder().mqttmaxsessionexpiry(600)
            .build(), clock, new RecordingEvents());

    @Test
    void mqttSessionsAreCountedAmongTheSessionsAndApart() {
        new Client(broker).hello("json1");
        new Client(broker).hello("json2");
        new MqttClient(broker, MqttVersion.V3_1_1).connect("mqtt3");
        new MqttClient(broker, MqttVersion.V5).connect("mqtt5");

        Stats stats = broker.stats();

        assertEquals(4, stats.sessions());
        assertEquals(4, stats.connected());
        assertEquals(2, stats.mqttSessions());
        assertEquals(2, stats.mqttConnected());
    }

    @Test
    void aPersistentMqttSessionWithoutItsSocketIsASessionButNotConnected() {
        // As a user: an anonymous client's session is not kept past its socket.
        new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 300).drop();
        new MqttClient(broker, MqttVersion.V5).connect("dev2");

        Stats stats = broker.stats();

        assertEquals(2, stats.mqttSessions());
        assertEquals(1, stats.mqttConnected());
        assertEquals(1, stats.connected());
    }

    @Test
    void aCleanMqttSessionIsNoLongerCountedOnceItsSocketDrops() {
        new Client(broker).hello("json1");
        new MqttClient(broker, MqttVersion.V3_1_1).connect("mqtt3").drop();

        Stats stats = broker.stats();

        assertEquals(1, stats.sessions());
        assertEquals(0, stats.mqttSessions());
        assertEquals(0, stats.mqttConnected());
    }
}

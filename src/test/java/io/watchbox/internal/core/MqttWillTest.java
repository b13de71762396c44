package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.params.provider.EnumSource;

/** When a will is published, and when it is not. */
class MqttWillTest {

    private final MutableClock clock = new MutableClock();
    private final RecordingEvents events = new RecordingEvents();
    private final Broker broker = new Broker(ValidSettings.DEFAULTS.withTimeout(600), clock, events);
    private final Client watcher = Client.subscribed(broker, "watcher", "status/#");

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void aDropWithoutDisconnectPublishesTheWill(MqttVersion version) {
        MqttClient client = new MqttClient(broker, version).connectWithWill("dev1", "status/dev1", "gone",
                Properties.EMPTY, 0);

        client.drop();

        assertEquals(List.of("gone"), watcher.texts());
        assertEquals("dev1", watcher.messages().get(0).getString("from"));
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void aNormalDisconnectDiscardsTheWill(MqttVersion version) {
        MqttClient client = new MqttClient(broker, version).connectWithWill("dev1", "status/dev1", "gone",
                Properties.EMPTY, 0);

        client.send(new Packet.Disconnect(ReasonCode.NORMAL_DISCONNECTION, Properties.EMPTY));
        client.drop();

        assertEquals(List.of(), watcher.texts());
    }

    @Test
    void aDisconnectWithWillMessagePublishesIt() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connectWithWill("dev1", "status/dev1", "gone",
                Properties.EMPTY, 0);

        client.send(new Packet.Disconnect(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE, Properties.EMPTY));
        client.drop();

        assertEquals(List.of("gone"), watcher.texts());
    }

    @Test
    void aKeepAliveExpiryPublishesTheWill() {
        MqttClient client = new MqttClient(broker, MqttVersion.V3_1_1);
        client.send(new Packet.Connect(MqttVersion.V3_1_1, "dev1", true, 10, java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.of(new Packet.Will("status/dev1",
                        io.watchbox.internal.mqtt.codec.Bytes.copyOf("gone".getBytes()), 0, false, Properties.EMPTY)),
                Properties.EMPTY));

        clock.advance(Duration.ofSeconds(16));
        broker.sweep();
        assertEquals(1, client.closeCodes().size());
        client.drop(); // the container reports the close it was asked for

        assertEquals(List.of("gone"), watcher.texts());
    }

    @Test
    void aKickPublishesTheWill() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connectWithWill("dev1", "status/dev1", "kicked",
                Properties.EMPTY, 0);

        broker.kick("dev1");
        client.drop();

        assertEquals(List.of("kicked"), watcher.texts());
    }

    @Test
    void aDelayedWillWaitsForItsDelay() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5, "alice").connectWithWill("dev1", "status/dev1",
                "gone", Properties.builder().number(Property.WILL_DELAY_INTERVAL, 30).build(), 300);

        client.drop();
        clock.advance(Duration.ofSeconds(29));
        broker.sweep();
        assertEquals(List.of(), watcher.texts());
        clock.advance(Duration.ofSeconds(1));
        broker.sweep();

        assertEquals(List.of("gone"), watcher.texts());
    }

    @Test
    void aReconnectWithinTheDelayCancelsTheWill() {
        new MqttClient(broker, MqttVersion.V5, "alice").connectWithWill("dev1", "status/dev1", "gone",
                Properties.builder().number(Property.WILL_DELAY_INTERVAL, 30).build(), 300).drop();

        new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 300);
        clock.advance(Duration.ofSeconds(60));
        broker.sweep();

        assertEquals(List.of(), watcher.texts());
    }

    @Test
    void aDelayedWillIsPublishedWhenItsSessionEndsFirst() {
        new MqttClient(broker, MqttVersion.V5, "alice").connectWithWill("dev1", "status/dev1", "gone",
                Properties.builder().number(Property.WILL_DELAY_INTERVAL, 300).build(), 20).drop();

        clock.advance(Duration.ofSeconds(20));
        broker.sweep();

        assertEquals(List.of("gone"), watcher.texts());
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void aWillWithTheRetainFlagIsKeptAsItsTopicsRetainedMessage(MqttVersion version) {
        MqttClient client = new MqttClient(broker, version);
        client.send(new Packet.Connect(version, "dev1", true, 0, java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.of(new Packet.Will("status/dev1",
                        io.watchbox.internal.mqtt.codec.Bytes.copyOf("gone".getBytes()), 0, true, Properties.EMPTY)),
                Properties.EMPTY));
        assertEquals(ReasonCode.SUCCESS, client.last(Packet.Connack.class).reason());

        client.drop();
        Client later = Client.subscribed(broker, "later", "status/#");

        assertEquals(List.of("gone"), watcher.texts());
        assertEquals(List.of("gone"), later.texts());
        assertEquals(true, later.messages().get(0).getBoolean("retained"));
    }

    @Test
    void aWillTopicAgainstTheGroupRulesIsRefused() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connectWithWill("dev1", "status/+", "gone",
                Properties.EMPTY, 0);

        assertEquals(ReasonCode.TOPIC_NAME_INVALID, client.last(Packet.Connack.class).reason());
    }

    @Test
    void aTakeoverPublishesAnUndelayedWillButNotADelayedOne() {
        MqttClient undelayed = new MqttClient(broker, MqttVersion.V5, "alice").connectWithWill("dev1", "status/dev1",
                "taken over", Properties.EMPTY, 300);
        MqttClient delayed = new MqttClient(broker, MqttVersion.V5, "alice").connectWithWill("dev1", "status/dev1",
                "delayed", Properties.builder().number(Property.WILL_DELAY_INTERVAL, 30).build(), 300);
        undelayed.drop(); // the container reports the close of the connection taken over
        assertEquals(List.of("taken over"), watcher.texts());

        new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 300);
        delayed.drop();
        clock.advance(Duration.ofSeconds(60));
        broker.sweep();

        assertEquals(List.of("taken over"), watcher.texts());
    }
}

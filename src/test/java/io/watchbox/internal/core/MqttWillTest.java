package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.mqtt.codec.UserProperty;
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
    void aWillIsPublishedWithItsWillPropertiesAsAPublishWouldCarryThem() {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V5).connect("subscriber").subscribe(1, "status/#", 2);
        Properties willProperties = MqttMessagePropertiesTest.requestProperties(60).build();
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connectWithWill("dev1", "status/dev1", "gone",
                willProperties, 0);

        client.drop();

        Packet.Publish will = subscriber.last(Packet.Publish.class);
        Properties got = will.properties();
        assertEquals(willProperties.userProperties(), got.userProperties());
        assertEquals("text/plain", got.string(Property.CONTENT_TYPE).orElseThrow());
        assertEquals(1, got.number(Property.PAYLOAD_FORMAT_INDICATOR).getAsLong());
        assertEquals("replies/publisher", got.string(Property.RESPONSE_TOPIC).orElseThrow());
        assertEquals(willProperties.binary(Property.CORRELATION_DATA), got.binary(Property.CORRELATION_DATA));
        assertEquals(60, got.number(Property.MESSAGE_EXPIRY_INTERVAL).getAsLong());
        assertEquals(1, will.qos(), "the will's QoS");
        assertEquals(List.of("gone"), watcher.texts(), "JSON subscribers get the will alone, as before");
    }

    @Test
    void aDelayedWillsExpiryCountsFromWhenItIsPublishedAndItsDelayIsNotCarried() {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V5).connect("subscriber").subscribe(1, "status/#", 1);
        MqttClient client = new MqttClient(broker, MqttVersion.V5, "alice").connectWithWill("dev1", "status/dev1", "gone",
                Properties.builder().number(Property.WILL_DELAY_INTERVAL, 30)
                        .number(Property.MESSAGE_EXPIRY_INTERVAL, 20).build(), 300);

        client.drop();
        clock.advance(Duration.ofSeconds(30));
        broker.sweep();

        Properties got = subscriber.last(Packet.Publish.class).properties();
        assertEquals(20, got.number(Property.MESSAGE_EXPIRY_INTERVAL).getAsLong(), "all of it, 30 s after the connection went");
        assertFalse(got.has(Property.WILL_DELAY_INTERVAL));
    }

    @Test
    void aRetainedWillKeepsItsQosAndPropertiesForLaterSubscribers() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5);
        client.send(new Packet.Connect(MqttVersion.V5, "dev1", true, 0, java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.of(new Packet.Will("status/dev1",
                        io.watchbox.internal.mqtt.codec.Bytes.copyOf("gone".getBytes()), 0, true,
                        Properties.builder().userProperty("reason", "power").string(Property.CONTENT_TYPE, "text/plain")
                                .number(Property.MESSAGE_EXPIRY_INTERVAL, 100).build())),
                Properties.EMPTY));
        client.drop();
        clock.advance(Duration.ofSeconds(40));

        Packet.Publish retained = new MqttClient(broker, MqttVersion.V5).connect("later").subscribe(1, "status/#", 2)
                .last(Packet.Publish.class);

        assertTrue(retained.retain());
        assertEquals(0, retained.qos(), "the will's QoS, below the one granted");
        assertEquals(List.of(new UserProperty("reason", "power")), retained.properties().userProperties());
        assertEquals("text/plain", retained.properties().string(Property.CONTENT_TYPE).orElseThrow());
        assertEquals(60, retained.properties().number(Property.MESSAGE_EXPIRY_INTERVAL).getAsLong());
    }

    @Test
    void aWillResponseTopicAgainstTheGroupRulesIsRefused() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connectWithWill("dev1", "status/dev1", "gone",
                Properties.builder().string(Property.RESPONSE_TOPIC, "$share/a/b").build(), 0);

        assertEquals(ReasonCode.TOPIC_NAME_INVALID, client.last(Packet.Connack.class).reason());
        client.drop();
        assertEquals(List.of(), watcher.texts());
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

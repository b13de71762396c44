package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.UserProperty;
import io.watchbox.internal.retained.RetainedUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A retained message keeps the QoS and the MQTT 5.0 properties it was published with (MQTT 5.0,
 * 3.3.1.3): a new subscription gets it at the lower of that QoS and the one granted, with its
 * properties, and its Message Expiry Interval goes on counting while it is retained.
 */
class MqttRetainedPropertiesTest {

    private final MutableClock clock = new MutableClock();
    private final Broker broker = new Broker(ValidSettings.DEFAULTS.withTimeout(600), clock, new RecordingEvents());
    private final MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");

    private static Packet.Publish retained(String topic, int qos, int packetId, Properties properties) {
        return new Packet.Publish(topic, Bytes.copyOf("kept".getBytes(StandardCharsets.UTF_8)), qos, true, false, packetId,
                properties);
    }

    private MqttClient subscriber(String id, String filter, int qos) {
        return new MqttClient(broker, MqttVersion.V5).connect(id).subscribe(1, filter, qos);
    }

    @Test
    void aNewSubscriptionGetsTheRetainedMessageAtTheLowerOfItsQosAndTheGrantedOne() {
        publisher.send(retained("q/0", 0, 0, Properties.EMPTY));
        publisher.send(retained("q/1", 1, 1, Properties.EMPTY));
        publisher.send(retained("q/2", 2, 2, Properties.EMPTY));

        List<Packet.Publish> grantedTwo = subscriber("granted-2", "q/#", 2).received(Packet.Publish.class);
        List<Packet.Publish> grantedOne = subscriber("granted-1", "q/#", 1).received(Packet.Publish.class);
        List<Packet.Publish> grantedZero = subscriber("granted-0", "q/#", 0).received(Packet.Publish.class);

        assertEquals(List.of(0, 1, 2), grantedTwo.stream().map(Packet.Publish::qos).toList());
        assertEquals(List.of(0, 1, 1), grantedOne.stream().map(Packet.Publish::qos).toList());
        assertEquals(List.of(0, 0, 0), grantedZero.stream().map(Packet.Publish::qos).toList());
        assertTrue(grantedTwo.stream().allMatch(Packet.Publish::retain));
    }

    @Test
    void aMessageRetainedOverJsonIsStillSentAtQos1() {
        Client.subscribed(broker, "json").send("{'type':'pub','group':'g','msg':'kept','retain':true}");

        assertEquals(1, subscriber("late", "g", 2).last(Packet.Publish.class).qos());
    }

    @Test
    void aNewSubscriptionGetsTheRetainedMessageWithEveryPropertyItWasPublishedWith() {
        publisher.send(retained("requests/time", 1, 1, MqttMessagePropertiesTest.requestProperties(60).build()));
        clock.advance(Duration.ofMillis(20_500));

        Properties got = subscriber("late", "requests/#", 1).last(Packet.Publish.class).properties();

        assertEquals(List.of(new UserProperty("trace", "a"), new UserProperty("tenant", "acme"),
                new UserProperty("trace", "b")), got.userProperties());
        assertEquals("text/plain", got.string(Property.CONTENT_TYPE).orElseThrow());
        assertEquals(1, got.number(Property.PAYLOAD_FORMAT_INDICATOR).getAsLong());
        assertEquals("replies/publisher", got.string(Property.RESPONSE_TOPIC).orElseThrow());
        assertArrayEquals(new byte[] {0, 1, (byte) 0xFF, 42}, got.binary(Property.CORRELATION_DATA).orElseThrow().toByteArray());
        assertEquals(40, got.number(Property.MESSAGE_EXPIRY_INTERVAL).getAsLong(), "60 s less the 20.5 s it was retained");
    }

    @Test
    void anExpiredRetainedMessageIsNotSentAndIsDropped() {
        publisher.send(retained("status/a", 0, 0, Properties.builder().number(Property.MESSAGE_EXPIRY_INTERVAL, 10).build()));
        publisher.send(retained("status/b", 0, 0, Properties.builder().number(Property.MESSAGE_EXPIRY_INTERVAL, 100).build()));
        clock.advance(Duration.ofMillis(10_001));

        MqttClient mqtt = subscriber("late", "status/#", 1);
        Client json = Client.subscribed(broker, "json", "status/#");

        assertEquals(List.of("status/b"), mqtt.received(Packet.Publish.class).stream().map(Packet.Publish::topic).toList());
        assertEquals(List.of("status/b"), json.messages().stream().map(m -> m.getString("group")).toList());
        assertEquals(new RetainedUsage(1, "status/b".length() + "kept".length()), broker.retained().usage(),
                "the expired one is gone from the store");
    }

    @Test
    void aJsonSubscriberGetsTheRetainedMessageAsBeforeWithoutQosOrProperties() {
        publisher.send(retained("requests/time", 2, 1, MqttMessagePropertiesTest.requestProperties(60).build()));

        Client json = Client.subscribed(broker, "json", "requests/#");

        assertEquals(Set.of("type", "seq", "group", "msg", "from", "retained"), json.messages().get(0).keySet());
        assertEquals("kept", json.texts().get(0));
    }

    @Test
    void aVersion311SubscriberGetsTheRetainedMessageAtItsQosWithoutProperties() {
        publisher.send(retained("requests/time", 0, 0, MqttMessagePropertiesTest.requestProperties(60).build()));

        Packet.Publish got = new MqttClient(broker, MqttVersion.V3_1_1).connect("old").subscribe(1, "requests/#", 2)
                .last(Packet.Publish.class);

        assertEquals(0, got.qos());
        assertTrue(got.properties().isEmpty());
    }
}

package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.mqtt.codec.UserProperty;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What an MQTT 5.0 publisher sends with a message for its subscribers (MQTT 5.0 section 3.3.2.3):
 * a 5.0 subscriber gets it unaltered, with the Message Expiry Interval lowered by the time the
 * message waited; an expired message is not sent; 3.1.1 and JSON subscribers get the message alone.
 */
class MqttMessagePropertiesTest {

    private static final byte[] CORRELATION = {0, 1, (byte) 0xFF, 42};

    private final MutableClock clock = new MutableClock();
    private final Broker broker = new Broker(ValidSettings.DEFAULTS.withTimeout(600), clock, new RecordingEvents());

    @Test
    void aVersion5SubscriberGetsEveryPropertyThePublisherSentAsItWasSent() {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V5).connect("subscriber");
        subscriber.send(new Packet.Subscribe(1, List.of(Packet.Subscription.of("requests/#", 1)),
                Properties.builder().subscriptionIdentifier(9).build()));
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");

        publisher.send(publish("requests/time", 1, requestProperties(60).build()));

        Properties got = subscriber.last(Packet.Publish.class).properties();
        assertEquals(List.of(new UserProperty("trace", "a"), new UserProperty("tenant", "acme"),
                new UserProperty("trace", "b")), got.userProperties(), "in order, repeated names kept");
        assertEquals("text/plain", got.string(Property.CONTENT_TYPE).orElseThrow());
        assertEquals(1, got.number(Property.PAYLOAD_FORMAT_INDICATOR).getAsLong());
        assertEquals("replies/publisher", got.string(Property.RESPONSE_TOPIC).orElseThrow());
        assertArrayEquals(CORRELATION, got.binary(Property.CORRELATION_DATA).orElseThrow().toByteArray());
        assertEquals(60, got.number(Property.MESSAGE_EXPIRY_INTERVAL).getAsLong(), "sent at once: all of it");
        assertEquals(List.of(9), got.subscriptionIdentifiers(), "the subscriber's own identifier beside them");
        assertEquals(ReasonCode.SUCCESS, publisher.last(Packet.Puback.class).reason());
    }

    @Test
    void aMessageWithoutPropertiesArrivesWithoutAny() {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V5).connect("subscriber").subscribe(1, "t", 0);
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");

        publisher.publish("t", "plain", 0, 0);
        Client.subscribed(broker, "json").publish("t", "from json");

        subscriber.received(Packet.Publish.class).forEach(p -> assertTrue(p.properties().isEmpty(), p.toString()));
        assertEquals(2, subscriber.received(Packet.Publish.class).size());
    }

    @Test
    void theExpiryIntervalSentIsWhatIsLeftAfterTheMessageWaitedInTheQueue() {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V5).connect("subscriber").subscribe(1, "t", 0);
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");
        subscriber.connection.hold();

        publisher.publish("t", "ahead, in flight", 0, 0);
        publisher.send(publish("t", 0, Properties.builder().number(Property.MESSAGE_EXPIRY_INTERVAL, 60).build()));
        clock.advance(Duration.ofMillis(20_500));
        subscriber.connection.release();

        Packet.Publish waited = subscriber.last(Packet.Publish.class);
        assertEquals(40, waited.properties().number(Property.MESSAGE_EXPIRY_INTERVAL).getAsLong(),
                "60 s less the 20.5 s it waited, rounded up");
    }

    @Test
    void aMessageThatExpiredWhileQueuedIsNotSentAndTheNextOneIs() {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V5).connect("subscriber").subscribe(1, "t", 1);
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");
        subscriber.connection.hold();

        publisher.publish("t", "ahead, in flight", 0, 0);
        publisher.send(publish("t", 0, Properties.builder().number(Property.MESSAGE_EXPIRY_INTERVAL, 10).build()));
        publisher.send(publish("t", 0, Properties.builder().number(Property.MESSAGE_EXPIRY_INTERVAL, 100).build()));
        clock.advance(Duration.ofMillis(10_001));
        subscriber.connection.release();

        List<Packet.Publish> got = subscriber.received(Packet.Publish.class);
        assertEquals(2, got.size(), "the one of 10 s is dropped: " + got);
        assertEquals(90, got.get(1).properties().number(Property.MESSAGE_EXPIRY_INTERVAL).getAsLong());
    }

    @Test
    void aVersion311SubscriberGetsTheMessageWithoutItsProperties() {
        MqttClient old = new MqttClient(broker, MqttVersion.V3_1_1).connect("old").subscribe(1, "requests/#", 0);
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");

        publisher.send(publish("requests/time", 0, requestProperties(60).build()));

        Packet.Publish got = old.last(Packet.Publish.class);
        assertTrue(got.properties().isEmpty());
        assertEquals("what time is it", new String(got.payload().toByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void aJsonSubscriberGetsTheMessageAloneWhetherItExpiredOrNot() {
        Client json = Client.subscribed(broker, "json", "requests/#");
        json.connection.hold();
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");

        publisher.send(publish("requests/time", 0, requestProperties(1).build()));
        publisher.send(publish("requests/time", 0, requestProperties(1).build()));
        clock.advance(Duration.ofSeconds(5));
        json.connection.release();

        List<JsonObject> messages = json.messages();
        assertEquals(2, messages.size(), "expiry is MQTT's; JSON has none");
        assertEquals(Set.of("type", "seq", "group", "msg", "from"), messages.get(1).keySet());
    }

    @Test
    void aResponseTopicWithAWildcardIsAProtocolError() {
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");

        publisher.send(publish("t", 1, Properties.builder().string(Property.RESPONSE_TOPIC, "replies/+").build()));

        assertEquals(ReasonCode.PROTOCOL_ERROR, publisher.last(Packet.Disconnect.class).reason());
        assertEquals(1, publisher.closeCodes().size());
    }

    @Test
    void aClientThatAsksForNoProblemInformationGetsTheReasonCodeWithoutAReasonString() {
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher", true, 0,
                Properties.builder().number(Property.REQUEST_PROBLEM_INFORMATION, 0).build());

        publisher.send(publish("t", 1, Properties.builder().string(Property.RESPONSE_TOPIC, "x/".repeat(100)).build()));

        Packet.Puback refused = publisher.last(Packet.Puback.class);
        assertEquals(ReasonCode.TOPIC_NAME_INVALID, refused.reason());
        assertFalse(refused.properties().has(Property.REASON_STRING), "MQTT-3.1.2-29");
    }

    @Test
    void aResponseTopicThatBreaksTheGroupRulesIsRefusedAsATopicWouldBe() {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V5).connect("subscriber").subscribe(1, "t", 0);
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");

        publisher.send(publish("t", 1, Properties.builder().string(Property.RESPONSE_TOPIC, "x/".repeat(100)).build()));
        publisher.publish("t", "goes on", 1, 2);

        Packet.Puback refused = publisher.received(Packet.Puback.class).get(0);
        assertEquals(ReasonCode.TOPIC_NAME_INVALID, refused.reason());
        assertTrue(refused.properties().string(Property.REASON_STRING).orElseThrow().startsWith("response topic: "));
        assertEquals(1, subscriber.received(Packet.Publish.class).size(), "only the second one");
        assertFalse(subscriber.last(Packet.Publish.class).properties().has(Property.RESPONSE_TOPIC));
        assertEquals(List.of(), publisher.closeCodes());
    }

    /** The properties of a request in the request/response pattern, expiring after {@code seconds}. */
    static Properties.Builder requestProperties(long seconds) {
        return Properties.builder()
                .userProperty("trace", "a").userProperty("tenant", "acme").userProperty("trace", "b")
                .string(Property.CONTENT_TYPE, "text/plain")
                .number(Property.PAYLOAD_FORMAT_INDICATOR, 1)
                .string(Property.RESPONSE_TOPIC, "replies/publisher")
                .binary(Property.CORRELATION_DATA, Bytes.copyOf(CORRELATION))
                .number(Property.MESSAGE_EXPIRY_INTERVAL, seconds);
    }

    private static Packet.Publish publish(String topic, int qos, Properties properties) {
        return new Packet.Publish(topic, Bytes.copyOf("what time is it".getBytes(StandardCharsets.UTF_8)), qos, false,
                false, qos == 0 ? 0 : 1, properties);
    }
}

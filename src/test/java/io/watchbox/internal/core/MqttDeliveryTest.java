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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an MQTT subscriber is sent: the QoS, the packet ids, the QoS 2 exchange, the window and the size limit. */
class MqttDeliveryTest {

    private final Broker broker = new Broker(ValidSettings.DEFAULTS.withTimeout(600), new MutableClock(),
            new RecordingEvents());

    @ParameterizedTest(name = "granted {0}, published {1}: sent at {2}")
    @CsvSource({"2, 0, 0", "2, 1, 1", "2, 2, 2", "1, 2, 1", "0, 2, 0", "1, 0, 0"})
    void aMessageIsSentAtTheLowerOfTheGrantedAndThePublishedQos(int granted, int published, int sent) {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V5).connect("sub").subscribe(1, "room", granted);
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("pub");

        publisher.publish("room", "x", published, published == 0 ? 0 : 1);

        assertEquals(sent, subscriber.last(Packet.Publish.class).qos());
    }

    @Test
    void aQos2MessageIsReleasedOnItsPubrecAndLeavesTheWindowOnItsPubcomp() {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V5)
                .connect("sub", true, 0, Properties.builder().number(Property.RECEIVE_MAXIMUM, 1).build())
                .subscribe(1, "room", 2);
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("pub");

        publisher.publish("room", "one", 2, 1);
        publisher.publish("room", "two", 2, 2);
        Packet.Publish first = subscriber.last(Packet.Publish.class);
        assertEquals(List.of("one"), subscriber.payloads(), "the window holds one");

        subscriber.ack(new Packet.Pubrec(first.packetId(), ReasonCode.SUCCESS, Properties.EMPTY));
        assertEquals(List.of(new Packet.Pubrel(first.packetId(), ReasonCode.SUCCESS, Properties.EMPTY)),
                subscriber.received(Packet.Pubrel.class));
        assertEquals(List.of("one"), subscriber.payloads(), "still in flight until PUBCOMP");

        subscriber.ack(new Packet.Pubcomp(first.packetId(), ReasonCode.SUCCESS, Properties.EMPTY));
        assertEquals(List.of("one", "two"), subscriber.payloads());
    }

    @Test
    void theClientsReceiveMaximumBoundsWhatIsInFlightAndEachPubackLetsTheNextGo() {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V5)
                .connect("sub", true, 0, Properties.builder().number(Property.RECEIVE_MAXIMUM, 2).build())
                .subscribe(1, "room", 1);
        Client json = Client.subscribed(broker, "json");

        for (String text : List.of("a", "b", "c", "d")) {
            json.publish("room", text);
        }
        assertEquals(List.of("a", "b"), subscriber.payloads());

        subscriber.ack(new Packet.Puback(subscriber.received(Packet.Publish.class).get(0).packetId(),
                ReasonCode.SUCCESS, Properties.EMPTY));
        assertEquals(List.of("a", "b", "c"), subscriber.payloads());
    }

    @Test
    void packetIdsInFlightAreNotGivenTwice() {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V3_1_1).connect("sub").subscribe(1, "room", 1);
        Client json = Client.subscribed(broker, "json");

        json.publish("room", "a");
        json.publish("room", "b");
        subscriber.ack(new Packet.Puback(2, ReasonCode.SUCCESS, Properties.EMPTY));
        json.publish("room", "c");

        assertEquals(List.of(1, 2, 3), subscriber.received(Packet.Publish.class).stream()
                .map(Packet.Publish::packetId).toList());
    }

    @Test
    void aMessageLargerThanTheClientsMaximumPacketSizeIsNotSentAndCountedAsDropped() {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V5)
                .connect("sub", true, 0, Properties.builder().number(Property.MAXIMUM_PACKET_SIZE, 40).build())
                .subscribe(1, "room", 1);
        Client json = Client.subscribed(broker, "json");

        json.publish("room", "x".repeat(100));
        json.publish("room", "small");

        assertEquals(List.of("small"), subscriber.payloads());
        assertEquals(1, broker.stats().dropped());
        assertEquals(1, subscriber.last(Packet.Publish.class).packetId(), "the dropped one holds no packet id");
    }

    @Test
    void aFailingPubrecEndsTheFlightWithoutAPubrel() {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V5)
                .connect("sub", true, 0, Properties.builder().number(Property.RECEIVE_MAXIMUM, 1).build())
                .subscribe(1, "room", 2);
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("pub");

        publisher.publish("room", "one", 2, 1);
        publisher.publish("room", "two", 2, 2);
        subscriber.ack(new Packet.Pubrec(1, ReasonCode.UNSPECIFIED_ERROR, Properties.EMPTY));

        assertTrue(subscriber.received(Packet.Pubrel.class).isEmpty());
        assertEquals(List.of("one", "two"), subscriber.payloads());
        assertFalse(subscriber.closeCodes().contains(1002));
    }
}

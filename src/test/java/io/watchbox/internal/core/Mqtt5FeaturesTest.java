package io.watchbox.internal.core;

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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The MQTT 5.0 features of subscriptions and publishes: shares, topic aliases, subscription options and identifiers. */
class Mqtt5FeaturesTest {

    private final Broker broker = new Broker(ValidSettings.DEFAULTS.withTimeout(600), new MutableClock(),
            new RecordingEvents());

    @Test
    void connackAnnouncesSharesIdentifiersAndTheTopicAliasMaximum() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connect("alice");

        Properties announced = client.last(Packet.Connack.class).properties();
        assertEquals(1, announced.number(Property.SHARED_SUBSCRIPTION_AVAILABLE).getAsLong());
        assertEquals(1, announced.number(Property.SUBSCRIPTION_IDENTIFIER_AVAILABLE).getAsLong());
        assertEquals(10, announced.number(Property.TOPIC_ALIAS_MAXIMUM).getAsLong());
    }

    @Test
    void aTopicAliasMaximumOfZeroIsNotAnnounced() {
        Broker noAliases = new Broker(ValidSettings.DEFAULTS.toBuilder().mqtttopicaliasmax(0).build(), new MutableClock(),
                new RecordingEvents());

        MqttClient client = new MqttClient(noAliases, MqttVersion.V5).connect("alice");

        assertFalse(client.last(Packet.Connack.class).properties().has(Property.TOPIC_ALIAS_MAXIMUM));
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
    void aShareOfTwoClientsGivesEachMessageToOneOfThemAndAllToThemTogether(MqttVersion version) {
        MqttClient first = new MqttClient(broker, version).connect("first").subscribe(1, "$share/workers/jobs/+", 1);
        MqttClient second = new MqttClient(broker, version).connect("second").subscribe(1, "$share/workers/jobs/+", 1);
        Client publisher = Client.subscribed(broker, "publisher");

        for (int i = 0; i < 10; i++) {
            publisher.publish("jobs/" + i, "job " + i);
        }

        List<String> toFirst = texts(first);
        List<String> toSecond = texts(second);
        assertEquals(5, toFirst.size(), "turns: " + toFirst);
        assertEquals(5, toSecond.size(), "turns: " + toSecond);
        Set<String> together = new HashSet<>(toFirst);
        together.addAll(toSecond);
        assertEquals(10, together.size());
        assertEquals(List.of(ReasonCode.GRANTED_QOS_1), first.last(Packet.Suback.class).reasons());
        assertEquals("jobs/0", first.received(Packet.Publish.class).get(0).topic());
    }

    @Test
    void aShareAndAnOrdinarySubscriptionEachGetTheirCopy() {
        MqttClient member = new MqttClient(broker, MqttVersion.V5).connect("member").subscribe(1, "$share/g/news", 0);
        MqttClient reader = new MqttClient(broker, MqttVersion.V5).connect("reader").subscribe(1, "news", 0);

        Client.subscribed(broker, "publisher").publish("news", "extra");

        assertEquals(List.of("extra"), texts(member));
        assertEquals(List.of("extra"), texts(reader));
        assertEquals(Set.of("$share/g/news"), broker.session("member").orElseThrow().groups());
    }

    @Test
    void aJsonClientMayShareWithAnMqttClient() {
        MqttClient mqtt = new MqttClient(broker, MqttVersion.V5).connect("mqtt").subscribe(1, "$share/g/t", 0);
        Client json = Client.subscribed(broker, "json", "$share/g/t");
        Client publisher = Client.subscribed(broker, "publisher");

        publisher.publish("t", "1");
        publisher.publish("t", "2");

        assertEquals(1, texts(mqtt).size());
        assertEquals(1, json.texts().size());
    }

    @Test
    void aMemberThatLeftTheShareGetsNoMore() {
        MqttClient first = new MqttClient(broker, MqttVersion.V5).connect("first").subscribe(1, "$share/g/t", 0);
        MqttClient second = new MqttClient(broker, MqttVersion.V5).connect("second").subscribe(1, "$share/g/t", 0);
        second.send(new Packet.Unsubscribe(2, List.of("$share/g/t"), Properties.EMPTY));
        Client publisher = Client.subscribed(broker, "publisher");

        publisher.publish("t", "1");
        publisher.publish("t", "2");

        assertEquals(List.of(ReasonCode.SUCCESS), second.last(Packet.Unsuback.class).reasons());
        assertEquals(List.of("1", "2"), texts(first));
        assertEquals(List.of(), texts(second));
    }

    @Test
    void aBadShareIsTopicFilterInvalidIn5And0x80In311() {
        MqttClient v5 = new MqttClient(broker, MqttVersion.V5).connect("v5");
        MqttClient v311 = new MqttClient(broker, MqttVersion.V3_1_1).connect("v311");
        List<Packet.Subscription> bad = List.of(Packet.Subscription.of("$share/g+/t", 0),
                Packet.Subscription.of("$share/g", 0), Packet.Subscription.of("$share//t", 0),
                Packet.Subscription.of("$share/g/t", 0));

        v5.send(new Packet.Subscribe(1, bad, Properties.EMPTY));
        v311.send(new Packet.Subscribe(1, bad, Properties.EMPTY));

        assertEquals(List.of(ReasonCode.TOPIC_FILTER_INVALID, ReasonCode.TOPIC_FILTER_INVALID,
                ReasonCode.TOPIC_FILTER_INVALID, ReasonCode.GRANTED_QOS_0), v5.last(Packet.Suback.class).reasons());
        assertEquals(List.of(ReasonCode.UNSPECIFIED_ERROR, ReasonCode.UNSPECIFIED_ERROR,
                ReasonCode.UNSPECIFIED_ERROR, ReasonCode.GRANTED_QOS_0), v311.last(Packet.Suback.class).reasons());
    }

    @Test
    void aPublishByTopicAliasReachesTheAliasedTopic() {
        MqttClient listener = new MqttClient(broker, MqttVersion.V5).connect("listener").subscribe(1, "room/1", 0);
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");

        publisher.send(aliased("room/1", 4, "first"));
        publisher.send(aliased("", 4, "second"));

        assertEquals(List.of("first", "second"), texts(listener));
        assertEquals(List.of(), publisher.closeCodes());
    }

    @Test
    void anAliasAboveTheMaximumDisconnectsWithTopicAliasInvalid() {
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");

        publisher.send(aliased("room/1", 11, "x"));

        assertEquals(ReasonCode.TOPIC_ALIAS_INVALID, publisher.last(Packet.Disconnect.class).reason());
        assertEquals(1, publisher.closeCodes().size());
    }

    @Test
    void anEmptyTopicWithAnAliasNeverSetDisconnectsWithProtocolError() {
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");

        publisher.send(aliased("", 2, "x"));

        assertEquals(ReasonCode.PROTOCOL_ERROR, publisher.last(Packet.Disconnect.class).reason());
    }

    @Test
    void noLocalKeepsAClientsOwnPublishesFromIt() {
        MqttClient chatter = new MqttClient(broker, MqttVersion.V5).connect("chatter");
        chatter.send(new Packet.Subscribe(1, List.of(new Packet.Subscription("chat", 1, true, false, 0)), Properties.EMPTY));
        MqttClient other = new MqttClient(broker, MqttVersion.V5).connect("other");

        chatter.publish("chat", "mine", 0, 0);
        other.publish("chat", "theirs", 0, 0);
        chatter.publish("chat", "mine again", 0, 0);

        assertEquals(List.of("theirs"), texts(chatter));
    }

    @Test
    void theIdentifiersOfEveryMatchingSubscriptionAreOnTheDeliveredPublish() {
        MqttClient listener = new MqttClient(broker, MqttVersion.V5).connect("listener");
        listener.send(new Packet.Subscribe(1, List.of(Packet.Subscription.of("room/#", 1)),
                Properties.builder().subscriptionIdentifier(7).build()));
        listener.send(new Packet.Subscribe(2, List.of(Packet.Subscription.of("room/+", 0)),
                Properties.builder().subscriptionIdentifier(300).build()));
        listener.subscribe(3, "room/1", 0);

        Client.subscribed(broker, "publisher").publish("room/1", "hi");
        Client.subscribed(broker, "publisher2").publish("room/2/deep", "deep");

        List<Packet.Publish> delivered = listener.received(Packet.Publish.class);
        assertEquals(List.of(7, 300), delivered.get(0).properties().subscriptionIdentifiers());
        assertEquals(1, delivered.get(0).qos());
        assertEquals(List.of(7), delivered.get(1).properties().subscriptionIdentifiers());
    }

    @Test
    void aVersion311SubscriberGetsNoProperties() {
        MqttClient listener = new MqttClient(broker, MqttVersion.V3_1_1).connect("listener").subscribe(1, "t", 0);

        Client.subscribed(broker, "publisher").publish("t", "hi");

        assertTrue(listener.last(Packet.Publish.class).properties().isEmpty());
    }

    private static Packet.Publish aliased(String topic, int alias, String payload) {
        return new Packet.Publish(topic, Bytes.copyOf(payload.getBytes(StandardCharsets.UTF_8)), 0, false, false, 0,
                Properties.builder().number(Property.TOPIC_ALIAS, alias).build());
    }

    private static List<String> texts(MqttClient client) {
        List<String> texts = new ArrayList<>();
        for (Packet.Publish publish : client.received(Packet.Publish.class)) {
            texts.add(new String(publish.payload().toByteArray(), StandardCharsets.UTF_8));
        }
        return texts;
    }
}

package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import io.watchbox.internal.protocol.CloseCodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class MqttProtocolTest {

    private final MutableClock clock = new MutableClock();
    private final RecordingEvents events = new RecordingEvents();
    private final Broker broker = new Broker(ValidSettings.DEFAULTS.withTimeout(600), clock, events);

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void aConnectIsAcceptedAsACleanSession(MqttVersion version) {
        MqttClient client = new MqttClient(broker, version).connect("alice");

        Packet.Connack connack = client.last(Packet.Connack.class);
        assertEquals(ReasonCode.SUCCESS, connack.reason());
        assertFalse(connack.sessionPresent());
        assertTrue(broker.session("alice").isPresent());
    }

    @Test
    void aVersion5ConnackAnnouncesWhatTheBrokerDoesNotDo() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connect("alice");

        Properties announced = client.last(Packet.Connack.class).properties();
        assertFalse(announced.has(Property.MAXIMUM_QOS), "QoS 2 is served, which an absent Maximum QoS says");
        assertTrue(announced.number(Property.RETAIN_AVAILABLE).isEmpty(), "retained messages are available");
        assertEquals(1, announced.number(Property.SHARED_SUBSCRIPTION_AVAILABLE).getAsLong());
        assertEquals(broker.settings().maxmessage(), announced.number(Property.MAXIMUM_PACKET_SIZE).getAsLong());
    }

    @Test
    void aPersistentSessionIsAcceptedButKeptCleanAndSaysSo() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connect("alice", false, 0,
                Properties.builder().number(Property.SESSION_EXPIRY_INTERVAL, 3600).build());

        Packet.Connack connack = client.last(Packet.Connack.class);
        assertFalse(connack.sessionPresent());
        assertEquals(0, connack.properties().number(Property.SESSION_EXPIRY_INTERVAL).getAsLong());
    }

    @Test
    void anEmptyClientIdIsAssignedOneInVersion5() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connect("");

        String assigned = client.last(Packet.Connack.class).properties()
                .string(Property.ASSIGNED_CLIENT_IDENTIFIER).orElseThrow();
        assertTrue(broker.session(assigned).isPresent());
    }

    @Test
    void anEmptyClientIdWithCleanSessionGetsASessionInVersion311() {
        MqttClient client = new MqttClient(broker, MqttVersion.V3_1_1).connect("");

        assertEquals(ReasonCode.SUCCESS, client.last(Packet.Connack.class).reason());
        assertEquals(1, broker.sessions().size());
    }

    @Test
    void anEmptyClientIdWithoutCleanSessionIsRefusedInVersion311() {
        MqttClient client = new MqttClient(broker, MqttVersion.V3_1_1).connect("", false, 0, Properties.EMPTY);

        assertEquals(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, client.last(Packet.Connack.class).reason());
        assertEquals(1, client.closeCodes().size());
        assertTrue(broker.sessions().isEmpty());
    }

    @Test
    void aClientIdThatIsNotAUidIsRefused() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connect("no spaces/here");

        assertEquals(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, client.last(Packet.Connack.class).reason());
    }

    @Test
    void aClientIdInUseByAnotherClientIsRefused() {
        new MqttClient(broker, MqttVersion.V5).connect("alice");
        MqttClient second = new MqttClient(broker, MqttVersion.V5).connect("alice");

        assertEquals(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, second.last(Packet.Connack.class).reason());
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void aPublishAtQos1IsAcknowledgedAndReachesJsonAndMqttSubscribersAndTheApplication(MqttVersion version) {
        Client json = Client.subscribed(broker, "json", "room/+");
        MqttClient listener = new MqttClient(broker, version).connect("listener").subscribe(1, "room/#", 1);
        MqttClient publisher = new MqttClient(broker, version).connect("publisher");

        publisher.publish("room/1", "héllo", 1, 7);

        assertEquals(7, publisher.last(Packet.Puback.class).packetId());
        assertEquals(ReasonCode.SUCCESS, publisher.last(Packet.Puback.class).reason());
        assertEquals("héllo", json.messages().get(0).getString("msg"));
        assertEquals("publisher", json.messages().get(0).getString("from"));
        Packet.Publish delivered = listener.last(Packet.Publish.class);
        assertEquals("room/1", delivered.topic());
        assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), delivered.payload().toByteArray());
        assertEquals(1, delivered.qos());
        assertEquals("publisher", events.published().get(0).uid());
    }

    @Test
    void aPublishAtQos0HasNoAcknowledgement() {
        Client json = Client.subscribed(broker, "json", "room");
        MqttClient publisher = new MqttClient(broker, MqttVersion.V3_1_1).connect("publisher");

        publisher.publish("room", "hi", 0, 0);

        assertEquals(List.of(), publisher.received(Packet.Puback.class));
        assertEquals("hi", json.messages().get(0).getString("msg"));
    }

    @Test
    void aJsonPublishReachesAQos2SubscriberAtQos1WithPacketIds() {
        MqttClient listener = new MqttClient(broker, MqttVersion.V5).connect("listener").subscribe(3, "room", 2);
        Client json = Client.subscribed(broker, "json");

        json.publish("room", "one");
        json.publish("room", "two");

        assertEquals(List.of(ReasonCode.GRANTED_QOS_2), listener.last(Packet.Suback.class).reasons());
        List<Packet.Publish> delivered = listener.received(Packet.Publish.class);
        assertEquals(List.of(1, 1), delivered.stream().map(Packet.Publish::qos).toList());
        assertEquals(List.of("one", "two"), delivered.stream()
                .map(p -> new String(p.payload().toByteArray(), StandardCharsets.UTF_8)).toList());
        assertEquals(List.of(1, 2), delivered.stream().map(Packet.Publish::packetId).toList());
    }

    @Test
    void aServerPublishReachesAQos0SubscriberAtQos0() throws Exception {
        MqttClient listener = new MqttClient(broker, MqttVersion.V3_1_1).connect("listener").subscribe(1, "news", 0);

        broker.publish("news", "{\"a\":1}");

        Packet.Publish delivered = listener.last(Packet.Publish.class);
        assertEquals(0, delivered.qos());
        assertEquals("{\"a\":1}", new String(delivered.payload().toByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void aFilterThatBreaksTheGroupRulesGets0x80InVersion311() {
        MqttClient client = new MqttClient(broker, MqttVersion.V3_1_1).connect("alice");

        client.send(new Packet.Subscribe(1, List.of(Packet.Subscription.of("ok", 1),
                Packet.Subscription.of("a/" + "x".repeat(200), 0)), Properties.EMPTY));

        assertEquals(List.of(ReasonCode.GRANTED_QOS_1, ReasonCode.UNSPECIFIED_ERROR),
                client.last(Packet.Suback.class).reasons());
        assertEquals(List.of(), client.closeCodes());
    }

    @Test
    void aFilterThatBreaksTheGroupRulesGetsTopicFilterInvalidInVersion5() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connect("alice")
                .subscribe(1, "a/" + "x".repeat(200), 0);

        assertEquals(List.of(ReasonCode.TOPIC_FILTER_INVALID), client.last(Packet.Suback.class).reasons());
    }

    @Test
    void anUnsubscribedFilterNoLongerDelivers() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connect("alice").subscribe(1, "room", 0);

        client.send(new Packet.Unsubscribe(2, List.of("room", "never"), Properties.EMPTY));
        Client.subscribed(broker, "json").publish("room", "late");

        assertEquals(List.of(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED),
                client.last(Packet.Unsuback.class).reasons());
        assertEquals(List.of(), client.received(Packet.Publish.class));
    }

    @Test
    void aPingIsAnswered() {
        MqttClient client = new MqttClient(broker, MqttVersion.V3_1_1).connect("alice");

        client.send(new Packet.Pingreq());

        assertEquals(1, client.received(Packet.Pingresp.class).size());
    }

    @Test
    void aSecondConnectClosesTheConnection() {
        MqttClient client = new MqttClient(broker, MqttVersion.V3_1_1).connect("alice");

        client.connect("alice");

        assertEquals(1, client.closeCodes().size());
    }

    @Test
    void aPacketBeforeConnectClosesTheConnection() {
        MqttClient client = new MqttClient(broker, MqttVersion.V3_1_1);

        client.send(new Packet.Pingreq());

        assertEquals(1, client.closeCodes().size());
        assertTrue(broker.sessions().isEmpty());
    }

    @Test
    void aTextFrameClosesTheConnection() {
        MqttClient client = new MqttClient(broker, MqttVersion.V3_1_1).connect("alice");

        client.protocol.onText();

        assertEquals(List.of(1003), client.closeCodes());
    }

    @Test
    void aClientSilentForOneAndAHalfKeepAlivesIsClosed() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connect("alice", true, 10, Properties.EMPTY);

        clock.advance(Duration.ofMillis(15_000));
        broker.sweep();
        assertEquals(List.of(), client.closeCodes());
        client.send(new Packet.Pingreq());
        clock.advance(Duration.ofMillis(15_000));
        broker.sweep();
        assertEquals(List.of(), client.closeCodes());

        clock.advance(Duration.ofMillis(1));
        broker.sweep();
        assertEquals(ReasonCode.KEEP_ALIVE_TIMEOUT, client.last(Packet.Disconnect.class).reason());
        assertEquals(1, client.closeCodes().size());
    }

    @Test
    void aNewConnectionThatTakesOverADeadOnePastItsKeepAliveIsNotClosedByTheDeadOnesExpiry() {
        // The old socket died without a word (the container has not noticed): its keep alive runs out
        // just as the client connects again with the same client id.
        MqttClient dead = new MqttClient(broker, MqttVersion.V3_1_1, "alice").connect("owned", false, 2, Properties.EMPTY);
        clock.advance(Duration.ofMillis(3_001));
        MqttClient again = new MqttClient(broker, MqttVersion.V3_1_1, "alice").connect("owned", false, 2, Properties.EMPTY);

        broker.sweep();

        assertEquals(List.of(CloseCodes.REPLACED), dead.closeCodes());
        assertTrue(again.last(Packet.Connack.class).sessionPresent());
        assertEquals(List.of(), again.closeCodes());
        assertTrue(broker.session("owned").orElseThrow().connected());
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"}) // 3.1's CONNACK has no session present
    void aConnectionThatTakesOverASessionWithMessagesInFlightHearsConnackFirst(MqttVersion version) throws Exception {
        MqttClient dead = new MqttClient(broker, version, "alice").connect("owned", false, 2, Properties.EMPTY)
                .subscribe(1, "g", 1);
        broker.publish("g", "sent to a socket that died");
        clock.advance(Duration.ofMillis(500));
        broker.publish("g", "queued behind it");

        MqttClient again = new MqttClient(broker, version, "alice").connect("owned", false, 2, Properties.EMPTY);

        assertEquals(List.of(4409), dead.closeCodes().subList(0, 1));
        List<Packet> heard = again.received();
        assertTrue(heard.get(0) instanceof Packet.Connack, "first: " + heard);
        assertTrue(((Packet.Connack) heard.get(0)).sessionPresent());
    }

    @Test
    void aConnectedClientWithinItsKeepAliveOutlivesTheSessionTimeout() {
        Broker shortTimeout = new Broker(ValidSettings.DEFAULTS.withTimeout(10), clock, events);
        MqttClient client = new MqttClient(shortTimeout, MqttVersion.V3_1_1).connect("alice", true, 60, Properties.EMPTY);

        for (int i = 0; i < 8; i++) {
            clock.advance(Duration.ofSeconds(10));
            shortTimeout.sweep();
        }

        assertEquals(List.of(), client.closeCodes());
        assertTrue(shortTimeout.session("alice").isPresent());
    }

    @Test
    void noConnectWithinTheHelloTimeoutClosesTheSocket() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5);

        clock.advance(Duration.ofSeconds(broker.settings().hellotimeout()));
        broker.sweep();

        assertEquals(1, client.closeCodes().size());
    }

    @Test
    void aDisconnectEndsTheSession() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connect("alice");

        client.send(new Packet.Disconnect(ReasonCode.NORMAL_DISCONNECTION, Properties.EMPTY));

        assertTrue(broker.session("alice").isEmpty());
        assertEquals(List.of(new WatchboxTimeout("alice", EndReason.LEFT)), events.ended());
    }

    @Test
    void aDroppedConnectionEndsItsCleanSession() {
        MqttClient client = new MqttClient(broker, MqttVersion.V3_1_1).connect("alice");

        client.protocol.onClose();

        assertTrue(broker.session("alice").isEmpty());
        assertEquals(List.of(new WatchboxTimeout("alice", EndReason.LEFT)), events.ended());
    }

    @Test
    void anMqttSessionIsListedWithItsProtocol() {
        new MqttClient(broker, MqttVersion.V5).connect("alice").subscribe(1, "room/#", 1);
        Client.subscribed(broker, "bob", "room");

        assertEquals("mqtt", broker.session("alice").orElseThrow().protocol());
        assertEquals(java.util.Set.of("room/#"), broker.session("alice").orElseThrow().groups());
        assertEquals("json", broker.session("bob").orElseThrow().protocol());
    }

    @Test
    void aKickedMqttSessionIsClosed() {
        MqttClient client = new MqttClient(broker, MqttVersion.V3_1_1).connect("alice");

        assertTrue(broker.kick("alice"));

        assertEquals(List.of(1008), client.closeCodes());
    }

    @Test
    void aKickedVersion5ClientIsToldAdministrativeActionBeforeTheClose() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connect("alice");

        assertTrue(broker.kick("alice"));

        assertEquals(ReasonCode.ADMINISTRATIVE_ACTION, client.last(Packet.Disconnect.class).reason());
        assertEquals(List.of(1008), client.closeCodes());
        assertEquals(List.of(new WatchboxTimeout("alice", EndReason.KICKED)), events.ended());
    }
}

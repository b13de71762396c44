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
import io.watchbox.internal.protocol.CloseCodes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sessions that outlive their connection: session present, redelivery, expiry, takeover and who may resume. */
class MqttPersistentSessionTest {

    private final MutableClock clock = new MutableClock();
    private final RecordingEvents events = new RecordingEvents();
    private final Broker broker = new Broker(ValidSettings.DEFAULTS.withTimeout(10).toBuilder().mqttmaxsessionexpiry(600)
            .listlimit(5).build(), clock, events);

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"}) // a 3.1 CONNACK has no session present
    void unacknowledgedMessagesComeAgainWithDupInOrderThenTheQueuedOnes(MqttVersion version) {
        MqttClient first = new MqttClient(broker, version, "alice").connectPersistent("dev1", 300)
                .subscribe(1, "room", 2);
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("pub");
        publisher.publish("room", "q1", 1, 1);
        publisher.publish("room", "q2", 2, 2);
        Packet.Publish q2 = first.last(Packet.Publish.class);
        first.ack(new Packet.Pubrec(q2.packetId(), ReasonCode.SUCCESS, Properties.EMPTY));
        first.drop();
        publisher.publish("room", "offline1", 1, 3);
        publisher.publish("room", "offline2", 2, 4);

        MqttClient again = new MqttClient(broker, version, "alice").connectPersistent("dev1", 300);

        assertTrue(again.last(Packet.Connack.class).sessionPresent());
        List<Packet.Publish> resent = again.received(Packet.Publish.class);
        assertEquals(List.of("q1", "offline1", "offline2"), again.payloads());
        assertEquals(List.of(true, false, false), resent.stream().map(Packet.Publish::dup).toList());
        assertEquals(List.of(1, 1, 2), resent.stream().map(Packet.Publish::qos).toList());
        assertEquals(List.of(new Packet.Pubrel(q2.packetId(), ReasonCode.SUCCESS, Properties.EMPTY)),
                again.received(Packet.Pubrel.class), "a released QoS 2 message is released again, not resent");
        assertEquals(List.of(), events.ended());
    }

    @Test
    void aQos2MessageFromTheClientIsPublishedOnceAcrossAReconnect() {
        Client json = Client.subscribed(broker, "json", "room");
        MqttClient first = new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 300);
        first.publish("room", "once", 2, 8);
        first.drop();

        MqttClient again = new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 300);
        again.send(new Packet.Publish("room", io.watchbox.internal.mqtt.codec.Bytes.copyOf("once".getBytes()), 2,
                false, true, 8, Properties.EMPTY));
        again.send(new Packet.Pubrel(8, ReasonCode.SUCCESS, Properties.EMPTY));

        assertEquals(List.of("once"), json.texts());
        assertEquals(ReasonCode.SUCCESS, again.last(Packet.Pubcomp.class).reason());
    }

    @Test
    void aPublishSentAgainAfterAReconnectByAnAliasOfTheConnectionBeforeIsReadWithIt() {
        // Eclipse Paho's 5.0 client sends its in-flight PUBLISH again so (its issue 1104).
        Client json = Client.subscribed(broker, "json", "room");
        MqttClient first = new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 300);
        first.send(new Packet.Publish("room", io.watchbox.internal.mqtt.codec.Bytes.copyOf("one".getBytes()), 1, false,
                false, 1, Properties.builder().number(Property.TOPIC_ALIAS, 2).build()));
        first.drop();

        MqttClient again = new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 300);
        again.send(new Packet.Publish("", io.watchbox.internal.mqtt.codec.Bytes.copyOf("two".getBytes()), 1, false,
                true, 2, Properties.builder().number(Property.TOPIC_ALIAS, 2).build()));

        assertEquals(List.of("one", "two"), json.texts());
        assertEquals(List.of(), again.closeCodes());
        again.send(new Packet.Publish("", io.watchbox.internal.mqtt.codec.Bytes.copyOf("three".getBytes()), 1, false,
                false, 3, Properties.builder().number(Property.TOPIC_ALIAS, 2).build()));
        assertEquals(ReasonCode.PROTOCOL_ERROR, again.last(Packet.Disconnect.class).reason(), "a new PUBLISH needs this connection's alias");
    }

    @Test
    void whatWaitsIsBoundedByListlimitTheOldestGoingFirstCounted() {
        MqttClient first = new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 300)
                .subscribe(1, "room", 0);
        first.drop();
        Client json = Client.subscribed(broker, "json");
        for (int i = 1; i <= 8; i++) {
            json.publish("room", "m" + i);
        }

        MqttClient again = new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 300);

        assertEquals(List.of("m4", "m5", "m6", "m7", "m8"), again.payloads());
        assertEquals(3, broker.stats().dropped());
    }

    @Test
    void aSessionEndsWithWatchboxTimeoutOnceItsExpiryPasses() {
        new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 60).drop();

        clock.advance(Duration.ofSeconds(59));
        broker.sweep();
        assertTrue(broker.session("dev1").isPresent(), "kept past watchbox.timeout (10 s)");
        clock.advance(Duration.ofSeconds(1));
        broker.sweep();

        assertTrue(broker.session("dev1").isEmpty());
        assertEquals(List.of(new WatchboxTimeout("dev1", EndReason.TIMEOUT)), events.ended());
    }

    @Test
    void anExpiryAboveTheSettingIsCappedAndSaidInConnack() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 86_400);

        assertEquals(600, client.last(Packet.Connack.class).properties()
                .number(Property.SESSION_EXPIRY_INTERVAL).getAsLong());
    }

    @Test
    void aVersion311SessionWithoutCleanSessionIsKeptForTheSetting() {
        new MqttClient(broker, MqttVersion.V3_1_1, "alice").connectPersistent("dev1", 0).drop();

        clock.advance(Duration.ofSeconds(599));
        broker.sweep();
        assertTrue(broker.session("dev1").isPresent());
        clock.advance(Duration.ofSeconds(1));
        broker.sweep();
        assertTrue(broker.session("dev1").isEmpty());
    }

    @Test
    void aNormalDisconnectKeepsAPersistentSession() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 300);

        client.send(new Packet.Disconnect(ReasonCode.NORMAL_DISCONNECTION, Properties.EMPTY));

        assertEquals(List.of(CloseCodes.NORMAL), client.closeCodes());
        assertFalse(broker.session("dev1").orElseThrow().connected());
        assertEquals(List.of(), events.ended());
    }

    @Test
    void aDisconnectMayEndTheSessionBySettingItsExpiryTo0() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 300);

        client.send(new Packet.Disconnect(ReasonCode.NORMAL_DISCONNECTION,
                Properties.builder().number(Property.SESSION_EXPIRY_INTERVAL, 0).build()));

        assertEquals(List.of(new WatchboxTimeout("dev1", EndReason.LEFT)), events.ended());
    }

    @Test
    void aCleanStartOnAKeptSessionStartsAfresh() {
        MqttClient first = new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 300)
                .subscribe(1, "room", 1);
        first.drop();
        Client.subscribed(broker, "json").publish("room", "old");

        MqttClient clean = new MqttClient(broker, MqttVersion.V5, "alice").connect("dev1");
        Client.subscribed(broker, "json2").publish("room", "new");

        assertFalse(clean.last(Packet.Connack.class).sessionPresent());
        assertEquals(List.of(), clean.payloads());
        assertEquals(java.util.Set.of(), broker.session("dev1").orElseThrow().groups());
    }

    @Test
    void theSameUserTakesTheSessionOverAndTheOldConnectionIsToldSessionTakenOver() {
        MqttClient first = new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 300)
                .subscribe(1, "room", 1);

        MqttClient second = new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 300);
        Client.subscribed(broker, "json").publish("room", "to the new one");

        assertEquals(ReasonCode.SESSION_TAKEN_OVER, first.last(Packet.Disconnect.class).reason());
        assertEquals(List.of(CloseCodes.REPLACED), first.closeCodes());
        assertTrue(second.last(Packet.Connack.class).sessionPresent());
        assertEquals(List.of("to the new one"), second.payloads());
        assertEquals(List.of(), first.payloads());
    }

    @Test
    void anotherUsersPersistentSessionIsNotAuthorizedAndStaysUntouched() {
        MqttClient alice = new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 300)
                .subscribe(1, "room", 1);
        alice.drop();
        Client.subscribed(broker, "json").publish("room", "for alice");

        MqttClient mallory = new MqttClient(broker, MqttVersion.V5, "mallory").connectPersistent("dev1", 300);
        MqttClient anonymous = new MqttClient(broker, MqttVersion.V3_1_1).connectPersistent("dev1", 0);

        assertEquals(ReasonCode.NOT_AUTHORIZED, mallory.last(Packet.Connack.class).reason());
        assertEquals(ReasonCode.NOT_AUTHORIZED, anonymous.last(Packet.Connack.class).reason());
        assertEquals(List.of(), mallory.payloads());
        assertEquals(List.of(), anonymous.payloads());
        MqttClient back = new MqttClient(broker, MqttVersion.V5, "alice").connectPersistent("dev1", 300);
        assertEquals(List.of("for alice"), back.payloads());
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void anAnonymousSessionEndsWithItsConnectionSoThatNobodyCanPickItUpByItsClientId(MqttVersion version) {
        MqttClient victim = new MqttClient(broker, version).connectPersistent("dev1", 300).subscribe(1, "room", 1);
        assertFalse(victim.last(Packet.Connack.class).sessionPresent());
        victim.drop();
        Client.subscribed(broker, "json").publish("room", "for the victim");

        MqttClient attacker = new MqttClient(broker, version).connectPersistent("dev1", 300);

        assertFalse(attacker.last(Packet.Connack.class).sessionPresent());
        assertEquals(List.of(), attacker.payloads());
        assertEquals(List.of(new WatchboxTimeout("dev1", EndReason.LEFT)), events.ended());
    }

    @Test
    void anAnonymousVersion5ClientIsToldItsSessionExpiryIs0() {
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connectPersistent("dev1", 300);

        assertEquals(0, client.last(Packet.Connack.class).properties()
                .number(Property.SESSION_EXPIRY_INTERVAL).getAsLong());
    }

    @Test
    void aConnectedAnonymousSessionCannotBeTakenOver() {
        MqttClient victim = new MqttClient(broker, MqttVersion.V5).connect("dev1");

        MqttClient attacker = new MqttClient(broker, MqttVersion.V5).connect("dev1");

        assertEquals(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, attacker.last(Packet.Connack.class).reason());
        assertEquals(List.of(), victim.closeCodes());
    }
}

package io.watchbox.internal.core;

import static io.watchbox.internal.core.Client.subscribed;
import static io.watchbox.internal.core.SessionMoveTest.publish;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.Settings;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.core.ClusterReplicas.Replica;
import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sessions of a replica that crashed, adopted from the mirror ({@code watchbox.cluster.mirror}) by
 * the replica their client reaches next. {@link InMemorySessionAdoptionTest} runs these in memory,
 * {@link RedisSessionAdoptionTest} through a real Redis.
 */
abstract class SessionAdoptionTest extends ThreeReplicas {

    static final int LISTLIMIT = 5;
    static final Settings SETTINGS = ValidSettings.DEFAULTS.withListlimit(LISTLIMIT);



    /** The replica dies: no hand-over, its directory entries left as they were, nothing more written. */
    abstract void crash(Replica replica);

    /** Waits until the others no longer count the crashed replica as a holder. */
    abstract void awaitGone(Replica replica, String uid);


    @Test
    void aClientWhoseReplicaCrashedResumesOnAnotherWithEveryMessagePublishedBeforeAndSinceOnceAndInOrder() {
        Client first = subscribed(a.broker(), "survivor", "news/#");
        awaitHeldBy(a, "survivor");
        publish(b.broker(), "news/1", "one");
        publish(b.broker(), "news/2", "two");
        publish(a.broker(), "news/3", "three, on the replica that crashes");
        await().atMost(WAIT).until(() -> first.texts().size() == 3);
        publish(c.broker(), "news/4", "four");
        await().atMost(WAIT).until(() -> a.broker().stats().delivered() >= 4 && first.texts().size() == 4);

        crash(a);
        publish(b.broker(), "news/5", "five, after the crash");
        publish(c.broker(), "news/6", "six, after the crash, elsewhere");
        publish(b.broker(), "news/7", "seven, after the crash");
        publish(b.broker(), "elsewhere", "not for it");
        awaitGone(a, "survivor");

        Client second = new Client(c.broker());
        JsonObject welcome = second.resume(first, 3);

        assertTrue(welcome.getBoolean("resumed"), welcome.toString());
        assertEquals(first.welcome().getString("resume"), welcome.getString("resume"), "the same session, same key");
        // Sent as their copies are written on the adopter.
        await().atMost(WAIT).until(() -> second.texts().size() >= 4);
        assertEquals(List.of(4L, 5L, 6L, 7L), second.seqs());
        assertEquals("four", second.texts().get(0), "the kept message the client had not seen, first");
        // Replayed publisher by publisher: each one's in its order, as no order holds between two publishers.
        assertEquals(Set.of("five, after the crash", "six, after the crash, elsewhere", "seven, after the crash"),
                Set.copyOf(second.texts().subList(1, 4)));
        assertTrue(second.texts().indexOf("five, after the crash") < second.texts().indexOf("seven, after the crash"));
        assertEquals(Optional.of(c.id()), b.relay().holderOf("survivor"));

        publish(b.broker(), "news/8", "eight, on the adopter");
        await().atMost(WAIT).until(() -> second.texts().size() == 5);
        assertEquals(8L, second.seqs().get(4));
        assertEquals("eight, on the adopter", second.texts().get(4));
        assertEquals(5, Set.copyOf(second.texts()).size(), "nothing twice");
    }

    @Test
    void pastListlimitTheAdoptedSessionKeepsTheNewestAndItsNumberingGoesOn() {
        Client first = subscribed(a.broker(), "busy", "g");
        awaitHeldBy(a, "busy");
        first.drop();
        for (int i = 1; i <= LISTLIMIT + 3; i++) {
            publish(b.broker(), "g", "m" + i);
        }
        await().atMost(WAIT).until(() -> a.broker().stats().delivered() >= LISTLIMIT + 3);
        crash(a);
        publish(b.broker(), "g", "after");
        awaitGone(a, "busy");

        Client second = new Client(b.broker());
        JsonObject welcome = second.resume(first, 0);

        assertTrue(welcome.getBoolean("resumed"), welcome.toString());
        await().atMost(WAIT).until(() -> second.texts().size() >= 5);
        assertEquals(List.of("m5", "m6", "m7", "m8", "after"), second.texts(), "the last listlimit of those kept, then the rest");
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L), second.seqs());
    }

    @Test
    void aHelloWithoutTheKeyIsRefusedAndTheSessionStaysForItsOwnClient() {
        Client first = subscribed(a.broker(), "guarded", "g");
        awaitHeldBy(a, "guarded");
        publish(b.broker(), "g", "kept");
        await().atMost(WAIT).until(() -> first.texts().size() == 1);
        crash(a);
        awaitGone(a, "guarded");

        Client thief = new Client(b.broker());
        thief.send("{'type':'hello','uid':'guarded','resume':'not-the-key'}");
        assertEquals("forbidden", thief.lastFrame().getString("code"));

        Client owner = new Client(c.broker());
        JsonObject welcome = owner.resume(first, 0);
        assertTrue(welcome.getBoolean("resumed"), welcome.toString());
        await().atMost(WAIT).until(() -> !owner.texts().isEmpty());
        assertEquals(List.of("kept"), owner.texts());
    }

    @Test
    void aSessionThatEndedIsNotAdopted() {
        Client first = subscribed(a.broker(), "gone", "g");
        awaitHeldBy(a, "gone");
        first.send("{'type':'bye'}");
        await().atMost(WAIT).until(() -> a.broker().sessions().isEmpty());
        crash(a);

        Client second = new Client(b.broker());
        JsonObject welcome = second.resume(first, 0);

        assertFalse(welcome.getBoolean("resumed"), welcome.toString());
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"}) // a 3.1 CONNACK has no session present
    void anMqttSessionWhoseReplicaCrashedGoesOnWithItsSubscriptionsItsMessagesInFlightAndItsReceipts(MqttVersion version) {
        Client watcher = subscribed(c.broker(), "watcher", "echo");
        MqttClient first = new MqttClient(a.broker(), version, "alice").connectPersistent("dev1", 300);
        first.send(new Packet.Subscribe(1, List.of(new Packet.Subscription("room", 2, version.isV5(), false, 0)),
                version.isV5() ? Properties.builder().subscriptionIdentifier(7).build() : Properties.EMPTY));
        awaitHeldBy(a, "dev1");
        MqttClient publisher = new MqttClient(b.broker(), MqttVersion.V5).connect("pub");
        publisher.publish("room", "acknowledged", 1, 1);
        publisher.publish("room", "not acknowledged", 1, 2);
        publisher.publish("room", "received, not completed", 2, 3);
        publisher.publish("room", "not received", 2, 4);
        await().atMost(WAIT).until(() -> first.payloads().size() == 4);
        List<Packet.Publish> sent = first.received(Packet.Publish.class);
        first.ack(new Packet.Puback(sent.get(0).packetId(), ReasonCode.SUCCESS, Properties.EMPTY));
        first.ack(new Packet.Pubrec(sent.get(2).packetId(), ReasonCode.SUCCESS, Properties.EMPTY));
        // Sent once the mirror has it released, after the marks of what came before.
        await().atMost(WAIT).until(() -> !first.received(Packet.Pubrel.class).isEmpty());
        first.publish("echo", "once", 2, 8);
        await().atMost(WAIT).until(() -> !first.received(Packet.Pubrec.class).isEmpty());
        await().atMost(WAIT).until(() -> watcher.texts().size() == 1);

        crash(a);
        awaitGone(a, "dev1");
        MqttClient again = new MqttClient(c.broker(), version, "alice").connectPersistent("dev1", 300);

        assertTrue(again.last(Packet.Connack.class).sessionPresent(), "adopted with its MQTT state");
        await().atMost(WAIT).until(() -> again.payloads().size() == 2 && !again.received(Packet.Pubrel.class).isEmpty());
        List<Packet.Publish> resent = again.received(Packet.Publish.class);
        assertEquals(List.of("not acknowledged", "not received"), again.payloads(), "nothing acknowledged comes again");
        assertEquals(List.of(true, true), resent.stream().map(Packet.Publish::dup).toList());
        assertEquals(List.of(1, 2), resent.stream().map(Packet.Publish::qos).toList());
        assertEquals(List.of(sent.get(1).packetId(), sent.get(3).packetId()),
                resent.stream().map(Packet.Publish::packetId).toList(), "sent again under the identifiers they had");
        assertEquals(List.of(new Packet.Pubrel(sent.get(2).packetId(), ReasonCode.SUCCESS, Properties.EMPTY)),
                again.received(Packet.Pubrel.class), "a released QoS 2 message is released again, not resent");
        if (version.isV5()) {
            assertEquals(List.of(7), resent.get(0).properties().subscriptionIdentifiers(), "the subscription's identifier");
        }

        again.clear();
        again.send(new Packet.Publish("echo", Bytes.copyOf("once".getBytes(StandardCharsets.UTF_8)), 2, false, true, 8,
                Properties.EMPTY));
        assertEquals(ReasonCode.SUCCESS, again.last(Packet.Pubrec.class).reason());
        again.send(new Packet.Pubrel(8, ReasonCode.SUCCESS, Properties.EMPTY));
        await().atMost(WAIT).until(() -> !again.received(Packet.Pubcomp.class).isEmpty());
        assertEquals(ReasonCode.SUCCESS, again.last(Packet.Pubcomp.class).reason(), "the receipt was adopted too");
        again.publish("room", "its own, not for it (No Local) in 5.0", 1, 9);
        publisher.publish("room", "after the crash", 2, 5);
        await().atMost(WAIT).until(() -> again.payloads().contains("after the crash"));
        Packet.Publish after = again.last(Packet.Publish.class);
        assertEquals(2, after.qos(), "the QoS granted");
        assertEquals(version.isV5() ? List.of("after the crash")
                : List.of("its own, not for it (No Local) in 5.0", "after the crash"), again.payloads());
        again.publish("echo", "after the adoption", 2, 8);
        await().atMost(WAIT).until(() -> watcher.texts().size() == 2);
        assertEquals(List.of("once", "after the adoption"), watcher.texts(),
                "the QoS 2 message was published once, and its identifier then carried a new one");
    }

}

package io.watchbox.internal.core;

import static io.watchbox.internal.core.Client.subscribed;
import static io.watchbox.internal.core.InMemoryReplicas.mirrorOf;
import static io.watchbox.internal.core.InMemoryReplicas.relayOf;
import static io.watchbox.internal.core.SessionMoveTest.publish;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.core.ClusterReplicas.Replica;
import io.watchbox.internal.core.relay.SessionMirror;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.session.Session;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SessionAdoptionTest} in memory; and copies that had not been written when the replica died. */
class InMemorySessionAdoptionTest extends SessionAdoptionTest {

    @RegisterExtension
    final InMemoryReplicas replicas = new InMemoryReplicas(SETTINGS).mirrored();

    @Override
    ClusterReplicas replicas() {
        return replicas;
    }

    @Override
    void crash(Replica replica) {
        relayOf(replica).die();
    }

    @Override
    void awaitGone(Replica replica, String uid) {
        replicas.clock().advance(Duration.ofMillis(InMemoryCluster.OVERDUE_MILLIS));
    }

    @Test
    void aMessageIsSentOnlyOnceItsCopyIsWrittenAndOneQueuedButNotWrittenComesFromWhatItsReplicaPublished() {
        Client first = subscribed(a.broker(), "exact", "g");
        awaitHeldBy(a, "exact");
        publish(b.broker(), "g", "written and seen");
        await().atMost(WAIT).until(() -> first.texts().size() == 1);
        mirrorOf(a).holdWrites();
        publish(b.broker(), "g", "queued, copy not written");
        publish(a.broker(), "g", "queued on the replica itself, copy not written");
        await().atMost(WAIT).until(() -> a.broker().stats().delivered() >= 3);

        assertEquals(List.of("written and seen"), first.texts(), "nothing is sent before its copy is written");
        crash(a);
        mirrorOf(a).releaseWrites(); // too late: a dead replica writes nothing more
        publish(c.broker(), "g", "after the crash");
        awaitGone(a, "exact");

        Client second = new Client(c.broker());
        JsonObject welcome = second.resume(first, 1);

        assertTrue(welcome.getBoolean("resumed"), welcome.toString());
        await().atMost(WAIT).until(() -> second.texts().size() >= 3);
        // Replayed replica by replica (by id): no order holds between two publishers' messages anyway.
        assertEquals(List.of("queued on the replica itself, copy not written", "queued, copy not written",
                "after the crash"), second.texts());
        assertEquals(List.of(2L, 3L, 4L), second.seqs());
    }

    @Test
    void anMqttClientGetsNoPubrecNorPubrelBeforeTheMirrorHasItsMarkAndAnAdopterSendsAgainWhatWasNotReleased() {
        Client watcher = subscribed(c.broker(), "watcher", "echo");
        MqttClient device = new MqttClient(a.broker(), MqttVersion.V5, "alice").connectPersistent("dev1", 300)
                .subscribe(1, "room", 2);
        awaitHeldBy(a, "dev1");
        new MqttClient(b.broker(), MqttVersion.V5).connect("pub").publish("room", "exactly once", 2, 1);
        await().atMost(WAIT).until(() -> device.payloads().size() == 1);
        int packetId = device.last(Packet.Publish.class).packetId();
        mirrorOf(a).holdWrites();

        device.ack(new Packet.Pubrec(packetId, ReasonCode.SUCCESS, Properties.EMPTY));
        device.publish("echo", "published, receipt not written", 2, 8);
        await().atMost(WAIT).until(() -> watcher.texts().size() == 1);

        assertEquals(List.of(), device.received(Packet.Pubrel.class), "the client would forget the identifier");
        assertEquals(List.of(), device.received(Packet.Pubrec.class), "the client would not send it again");
        crash(a);
        mirrorOf(a).releaseWrites();
        awaitGone(a, "dev1");

        MqttClient again = new MqttClient(c.broker(), MqttVersion.V5, "alice").connectPersistent("dev1", 300);

        await().atMost(WAIT).until(() -> again.payloads().size() == 1);
        Packet.Publish resent = again.last(Packet.Publish.class);
        assertEquals(List.of(packetId, 2, true), List.of(resent.packetId(), resent.qos(), resent.dup()),
                "not known as released: sent again under its identifier, which the client still holds");
        assertEquals(List.of(), again.received(Packet.Pubrel.class));
    }

    @Test
    void anMqttClientWhoseSessionWasCopiedWithoutMqttStateByAnOlderVersionStartsAnewAndIsToldSo() {
        MqttClient device = new MqttClient(a.broker(), MqttVersion.V5, "alice").connectPersistent("dev1", 300)
                .subscribe(1, "room", 2);
        awaitHeldBy(a, "dev1");
        Session held = a.broker().liveSession("dev1").orElseThrow();
        SessionMirror.Description described = SessionAdoption.describe(held);
        // As the version before this one wrote it: no options of MQTT subscriptions.
        mirrorOf(a).described(new SessionMirror.Description(described.uid(), described.keyHash(), described.owner(),
                described.groups(), described.expiryMillis()));
        new MqttClient(b.broker(), MqttVersion.V5).connect("pub").publish("room", "kept", 1, 1);
        await().atMost(WAIT).until(() -> device.payloads().size() == 1);
        crash(a);
        awaitGone(a, "dev1");

        MqttClient again = new MqttClient(c.broker(), MqttVersion.V5, "alice").connectPersistent("dev1", 300);

        assertFalse(again.last(Packet.Connack.class).sessionPresent(), "a session that could deliver nothing is not resumed");
        assertEquals(Optional.of(c.id()), b.relay().holderOf("dev1"));
    }

    @Test
    void aClientBackBeforeItsCrashedHolderIsOverdueIsAdoptedOnceItIs() {
        Client first = subscribed(a.broker(), "quick", "g");
        awaitHeldBy(a, "quick");
        publish(b.broker(), "g", "before");
        await().atMost(WAIT).until(() -> first.texts().size() == 1);
        crash(a);
        publish(b.broker(), "g", "after");
        ScheduledExecutorService clockHand = Executors.newSingleThreadScheduledExecutor();
        try {
            // The hello's take times out (750 ms), and the holder becomes overdue on the clock while it waits.
            clockHand.schedule(() -> replicas.clock().advance(Duration.ofMillis(InMemoryCluster.OVERDUE_MILLIS)),
                    1, TimeUnit.SECONDS);

            Client second = new Client(c.broker());
            JsonObject welcome = second.resume(first, 1);

            assertTrue(welcome.getBoolean("resumed"), welcome.toString());
            await().atMost(WAIT).until(() -> !second.texts().isEmpty());
            assertEquals(List.of("after"), second.texts());
            assertEquals(List.of(2L), second.seqs());
        } finally {
            clockHand.shutdownNow();
        }
    }

    /** While a hello waits for a silent holder to be overdue, the session turns up on another replica: taken from there. */
    @Test
    void aClientWaitingForItsSilentHolderToBeOverdueTakesItsSessionFromTheReplicaThatHasItNow() {
        Client first = subscribed(c.broker(), "chased", "g");
        awaitHeldBy(c, "chased");
        relayOf(a).held("chased"); // as the directory says until a's hand-over to c is done
        crash(a);

        JsonObject welcome = InMemorySessionMoveTest.resumeWhileTheDirectoryTurnsTo(c, new Client(b.broker()), first);

        assertTrue(welcome.getBoolean("resumed"), welcome.toString());
        assertEquals(List.of("chased"), b.broker().sessions().stream().map(s -> s.uid()).toList());
        assertEquals(List.of(), c.broker().sessions());
    }

    @Test
    void aCopyThatCannotBeReadIsNotAdoptedInPartAndTheSessionStartsAnew() {
        Client first = subscribed(a.broker(), "unread", "g");
        awaitHeldBy(a, "unread");
        publish(b.broker(), "g", "kept");
        await().atMost(WAIT).until(() -> first.texts().size() == 1);
        crash(a);
        awaitGone(a, "unread");
        mirrorOf(c).failReads();

        Client second = new Client(c.broker());
        JsonObject welcome = second.resume(first, 1);

        assertFalse(welcome.getBoolean("resumed"), "a session numbered anew would repeat the seqs its client saw");
        assertEquals(Optional.of(c.id()), b.relay().holderOf("unread"));
    }
}

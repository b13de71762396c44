package io.watchbox.internal.core;

import static io.watchbox.internal.core.Client.subscribed;
import static io.watchbox.internal.core.InMemoryReplicas.relayOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.watchbox.Settings;
import io.watchbox.Stats;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.core.relay.ClusterState;
import io.watchbox.internal.core.ClusterReplicas.Replica;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.protocol.Payload;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link BrokerClusterTest} on replicas joined in memory, with faults that only one replica suffers. */
class InMemoryBrokerClusterTest extends BrokerClusterTest {

    @RegisterExtension
    final InMemoryReplicas replicas = new InMemoryReplicas(SETTINGS);

    @Override
    ClusterReplicas replicas() {
        return replicas;
    }

    /** Relayed at once, confirmed after {@code pause} (or when closed, if that comes later). */
    @Override
    AutoCloseable slowConfirmations(Replica publisher, Duration pause) {
        InMemoryRelay relay = relayOf(publisher);
        relay.holdConfirmations();
        CompletableFuture<Void> released = CompletableFuture.runAsync(relay::releaseConfirmations,
                CompletableFuture.delayedExecutor(pause.toMillis(), TimeUnit.MILLISECONDS));
        return released::join;
    }

    @Override
    void cutOff(Replica replica) {
        relayOf(replica).cutOff();
    }

    @Override
    void reconnect(Replica replica) {
        relayOf(replica).reconnect();
    }

    /** The in-memory relay holds nothing: a message it cannot relay at once is not relayed. */
    @Override
    boolean holdsWhileCutOff() {
        return false;
    }

    @Test
    void aPubTheRelayGaveUpIsAnsweredRelayedFalseAndOneItRelayedSaysNothingOfIt() throws Exception {
        Client publisher = new Client(a);
        publisher.hello("publisher");
        publisher.send("{'type':'pub','id':'p1','group':'g','msg':'everywhere'}");

        cutOff(replicaA);
        publisher.send("{'type':'pub','id':'p2','group':'g','msg':'here only'}");

        await().atMost(WAIT).until(() -> publisher.connection.frames("ok").size() == 2);
        List<JsonObject> oks = publisher.connection.frames("ok");
        assertFalse(oks.get(0).containsKey("relayed"), oks.get(0).toString());
        assertEquals(JsonValue.FALSE, oks.get(1).get("relayed"), oks.get(1).toString());
        assertEquals(new PublishOutcome(0, false), a.publishAnswering("g", Payload.ofText("rest"), false),
                "the REST answer's too");
        reconnect(replicaA);
        await().atMost(WAIT).until(() -> a.relay().state() == ClusterState.CONNECTED);
        assertEquals(new PublishOutcome(0, true), a.publishAnswering("g", Payload.ofText("rest"), false));
    }

    @Test
    void anMqtt5PublishTheRelayGaveUpIsAcknowledgedWithSuccessAndAReasonStringThat311CannotHave() {
        MqttClient v5 = new MqttClient(a, MqttVersion.V5).connect("v5");
        MqttClient v311 = new MqttClient(a, MqttVersion.V3_1_1).connect("v311");
        v5.publish("g", "everywhere", 1, 1);
        await().atMost(WAIT).until(() -> v5.received(Packet.Puback.class).size() == 1);

        cutOff(replicaA);
        v5.publish("g", "here only", 1, 2);
        v5.publish("g", "here only, QoS 2", 2, 3);
        v311.publish("g", "here only", 1, 1);

        await().atMost(WAIT).until(() -> v5.received(Packet.Pubrec.class).size() == 1
                && v311.received(Packet.Puback.class).size() == 1);
        List<Packet.Puback> pubacks = v5.received(Packet.Puback.class);
        assertEquals(Optional.empty(), pubacks.get(0).properties().string(Property.REASON_STRING));
        assertEquals(List.of(ReasonCode.SUCCESS, ReasonCode.SUCCESS), pubacks.stream().map(Packet.Puback::reason).toList());
        assertEquals(Optional.of(MqttInbound.NOT_RELAYED), pubacks.get(1).properties().string(Property.REASON_STRING));
        Packet.Pubrec pubrec = v5.last(Packet.Pubrec.class);
        assertEquals(ReasonCode.SUCCESS, pubrec.reason());
        assertEquals(Optional.of(MqttInbound.NOT_RELAYED), pubrec.properties().string(Property.REASON_STRING));
        assertEquals(Optional.empty(), v311.last(Packet.Puback.class).properties().string(Property.REASON_STRING));
    }

    @Test
    void messagesRelayedWhileAReplicaIsCutOffAreCountedMissedThereWhenTheNextOneArrives() throws Exception {
        Client onB = subscribed(b, "on-b", "g");
        a.publish("g", "before");
        await().atMost(WAIT).until(() -> onB.texts().size() == 1);

        cutOff(replicaB);
        a.publish("g", "lost 1");
        a.publish("g", "lost 2");
        a.publish("other", "not listened to by b: no hole");
        assertEquals(0, b.stats().missed(), "a hole is known only when the next message comes");
        assertEquals(1, b.publish("g", "b's own, local only"));
        reconnect(replicaB);
        a.publish("g", "after");

        await().atMost(WAIT).until(() -> onB.texts().size() == 3);
        assertEquals(List.of("before", "b's own, local only", "after"), onB.texts());
        Stats onBStats = b.stats();
        assertEquals(2, onBStats.missed());
        assertEquals(2, onBStats.received());
        assertEquals(1, onBStats.notRelayed());
        assertEquals(5, a.stats().relayed(), "a relayed them all: the loss was on b's side");
    }

    @Test
    void aGroupListenedToAgainAfterItWasLetGoCountsNoHole() throws Exception {
        Client onB = subscribed(b, "on-b", "g");
        a.publish("g", "one");
        await().atMost(WAIT).until(() -> onB.texts().size() == 1);
        onB.send("{'type':'unsub','group':'g'}");

        a.publish("g", "nobody on b listens");
        Client later = subscribed(b, "later", "g");
        a.publish("g", "three");

        await().atMost(WAIT).until(() -> later.texts().size() == 1);
        assertEquals(0, b.stats().missed());
    }

    @Test
    void aSingleNodeCountsNothingAsRelayedAndIsReadyWithoutACluster() throws Exception {
        Broker single = new Broker(Settings.DEFAULTS, new MutableClock(), new RecordingEvents());
        single.startServing();
        single.publish("g", "m");
        assertEquals(ClusterState.OFF, single.relay().state());
        assertNull(single.notReadyBecause());
        Stats stats = single.stats();
        assertEquals(List.of(0L, 0L, 0L, 0L), List.of(stats.relayed(), stats.notRelayed(), stats.received(), stats.missed()));
    }
}

package io.watchbox.internal.core;

import static io.watchbox.internal.core.Client.subscribed;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.Settings;
import io.watchbox.Stats;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.core.relay.ClusterState;
import io.watchbox.internal.core.ClusterReplicas.Replica;
import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two brokers as two replicas: the router's path across replicas, whatever relays between them.
 * {@link InMemoryBrokerClusterTest} runs these everywhere, {@link RedisBrokerClusterTest} through a real Redis.
 */
abstract class BrokerClusterTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * No test here is about a slow client: with the default listlimit (50), a loaded machine that
     * pauses one delivering thread while the other queues 400 messages made a client skip some, and
     * a test counting all of them waited in vain.
     */
    static final Settings SETTINGS = ValidSettings.DEFAULTS.withListlimit(1000);

    Replica replicaA;
    Replica replicaB;
    Broker a;
    Broker b;

    /** The replicas of the test, registered as an extension by the subclass. */
    abstract ClusterReplicas replicas();

    /**
     * From now on what the replica relays is slow to be confirmed, for {@code pause}; closing the
     * handle ends it no earlier than that.
     */
    abstract AutoCloseable slowConfirmations(Replica publisher, Duration pause) throws Exception;

    /** The replica loses the cluster (through Redis: every replica loses Redis) and knows it. */
    abstract void cutOff(Replica replica) throws Exception;

    /** The replica is back in the cluster, and knows it. */
    abstract void reconnect(Replica replica) throws Exception;

    /**
     * Whether what is published while cut off waits and is relayed once back (Redis's relay, within
     * its outage bounds), or is not relayed at all (the in-memory relay).
     */
    abstract boolean holdsWhileCutOff();

    @BeforeEach
    void startReplicas() {
        replicaA = replicas().start();
        replicaB = replicas().start();
        a = replicaA.broker();
        b = replicaB.broker();
    }

    @Test
    void aClientPublishReachesMatchingSessionsOnTheOtherReplicaOnceEach() {
        Client onA = subscribed(a, "on-a", "sport/#");
        Client onB = subscribed(b, "on-b", "sport/+/player1", "sport/#", "sport/tennis/player1");
        Client other = subscribed(b, "other", "news");
        Client publisher = new Client(a);
        publisher.hello("publisher");

        publisher.publish("sport/tennis/player1", "ace");

        await().atMost(WAIT).until(() -> onB.texts().size() == 1);
        assertEquals(List.of("ace"), onA.texts());
        assertEquals("publisher", onB.messages().get(0).getString("from"));
        await().atMost(WAIT).until(() -> !publisher.connection.frames("ok").isEmpty());
        assertEquals(1, publisher.connection.frames("ok").get(0).getInt("delivered"),
                "delivered counts this replica's sessions");
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> onB.texts().size() == 1 && other.texts().isEmpty());
        await().atMost(WAIT).until(() -> a.stats().relayed() == 1 && b.stats().received() == 1);
        assertEquals(1, b.stats().delivered());
        assertEquals(0, b.stats().published(), "published counts what was published here");
    }

    @Test
    void bytesThatAreNotUtf8CrossReplicasByteForByte() {
        byte[] bytes = {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF, (byte) 0xFE};
        MqttClient mqttOnB = new MqttClient(b, MqttVersion.V5).connect("mqtt-on-b").subscribe(1, "raw/#", 0);
        Client jsonOnB = subscribed(b, "json-on-b", "raw/#");

        new MqttClient(a, MqttVersion.V3_1_1).connect("plc").publish("raw/plc", bytes, 0, 0);

        await().atMost(WAIT).until(() -> mqttOnB.received(Packet.Publish.class).size() == 1
                && jsonOnB.messages().size() == 1);
        assertArrayEquals(bytes, mqttOnB.last(Packet.Publish.class).payload().toByteArray());
        assertEquals("base64", jsonOnB.messages().get(0).getString("encoding"));
        assertArrayEquals(bytes, Base64.getDecoder().decode(jsonOnB.messages().get(0).getString("msg")));
    }

    @Test
    void theMqtt5PropertiesOfAPublishCrossReplicas() {
        MqttClient responderOnB = new MqttClient(b, MqttVersion.V5).connect("responder").subscribe(1, "requests/#", 0);
        Packet.Publish request = new Packet.Publish("requests/time", Bytes.copyOf(new byte[] {1}), 0, false, false, 0,
                MqttMessagePropertiesTest.requestProperties(60).build());

        new MqttClient(a, MqttVersion.V5).connect("requester").send(request);

        await().atMost(WAIT).until(() -> responderOnB.received(Packet.Publish.class).size() == 1);
        Properties got = responderOnB.last(Packet.Publish.class).properties();
        assertEquals(request.properties().userProperties(), got.userProperties());
        assertEquals("replies/publisher", got.string(Property.RESPONSE_TOPIC).orElseThrow());
        assertEquals(request.properties().binary(Property.CORRELATION_DATA), got.binary(Property.CORRELATION_DATA));
        assertEquals("text/plain", got.string(Property.CONTENT_TYPE).orElseThrow());
        assertEquals(1, got.number(Property.PAYLOAD_FORMAT_INDICATOR).getAsLong());
        assertEquals(60, got.number(Property.MESSAGE_EXPIRY_INTERVAL).getAsLong(), "the replicas share the clock");
    }

    @Test
    void aSubscriberOnTheOtherReplicaGetsTheLowerOfThePublishedAndTheGrantedQos() {
        MqttClient grantedTwo = new MqttClient(b, MqttVersion.V5).connect("granted-2").subscribe(1, "q/#", 2);
        MqttClient grantedOne = new MqttClient(b, MqttVersion.V3_1_1).connect("granted-1").subscribe(1, "q/#", 1);
        MqttClient publisher = new MqttClient(a, MqttVersion.V5).connect("publisher");
        Client json = new Client(a);
        json.hello("json");

        publisher.publish("q/0", "at 0", 0, 0);
        publisher.publish("q/1", "at 1", 1, 1);
        publisher.publish("q/2", "at 2", 2, 2);
        json.publish("q/json", "from json");

        await().atMost(WAIT).until(() -> grantedTwo.received(Packet.Publish.class).size() == 4
                && grantedOne.received(Packet.Publish.class).size() == 4);
        assertEquals(List.of(0, 1, 2, 1), grantedTwo.received(Packet.Publish.class).stream().map(Packet.Publish::qos).toList(),
                "as published; a JSON publish counts as QoS 1");
        assertEquals(List.of(0, 1, 1, 1), grantedOne.received(Packet.Publish.class).stream().map(Packet.Publish::qos).toList());
    }

    @Test
    void aShareWithMembersOnTwoReplicasGivesEachMessageToOneMemberOfAll() {
        Client a1 = subscribed(a, "a1", "$share/workers/jobs/+");
        Client a2 = subscribed(a, "a2", "$share/workers/jobs/+");
        Client b1 = subscribed(b, "b1", "$share/workers/jobs/+");
        List<String> published = new ArrayList<>();
        for (Broker on : List.of(a, b)) {
            Client publisher = new Client(on);
            publisher.hello(null);
            for (int i = 0; i < 6; i++) {
                String job = "job " + published.size();
                publisher.publish("jobs/" + i, job);
                published.add(job);
            }
        }

        // The replicas claim each message; the winner alone gives it to a member of its own.
        await().atMost(WAIT).until(() -> a1.texts().size() + a2.texts().size() + b1.texts().size() >= published.size());
        List<String> got = new ArrayList<>(a1.texts());
        got.addAll(a2.texts());
        got.addAll(b1.texts());
        assertEquals(published.stream().sorted().toList(), got.stream().sorted().toList());
        assertEquals(0, a.stats().missed() + b.stats().missed());
    }

    @Test
    void aPubIsConfirmedOnceRelayedWhileThePublishersNextRequestsAreServed() throws Exception {
        Client local = subscribed(a, "local", "g");
        Client publisher = new Client(a);
        publisher.hello("publisher");

        try (AutoCloseable slow = slowConfirmations(replicaA, Duration.ofMillis(1500))) {
            publisher.send("{'type':'pub','id':'p1','group':'g','msg':'one'}");
            publisher.send("{'type':'pub','id':'p2','group':'g','msg':'two'}");
            publisher.send("{'type':'ping','id':'after'}");

            assertEquals(List.of("one", "two"), local.texts(), "the second pub is served before the first is confirmed");
            assertEquals(List.of(), publisher.connection.frames("ok"), "no pub is confirmed before it is relayed");
            assertEquals(List.of(), publisher.connection.frames("pong"), "replies keep the order of requests");
        }

        await().atMost(WAIT).until(() -> publisher.connection.frames().size() == 4);
        assertEquals(List.of("welcome", "ok p1", "ok p2", "pong after"), publisher.connection.frames().stream()
                .map(f -> f.containsKey("id") ? f.getString("type") + " " + f.getString("id") : f.getString("type"))
                .toList());
        assertEquals(2, a.stats().relayed());
    }

    @Test
    void aByeRightAfterAPubLetsItsOkOutBeforeTheSessionEnds() throws Exception {
        Client publisher = new Client(a);
        publisher.hello("publisher");

        try (AutoCloseable slow = slowConfirmations(replicaA, Duration.ofMillis(500))) {
            publisher.send("{'type':'pub','id':'last','group':'g','msg':'bye now'}");
            publisher.send("{'type':'bye'}");
        }

        assertEquals(List.of("welcome", "ok"), publisher.transcript());
        assertEquals(List.of(1000), publisher.closeCodes());
    }

    @Test
    void aMessageGoesOnlyToReplicasWithAMatchingSubscription() throws Exception {
        Client onB = subscribed(b, "on-b", "sport/#");

        a.publish("news", "nobody on b wants this");
        a.publish("sport/tennis", "ace");

        await().atMost(WAIT).until(() -> onB.texts().size() == 1);
        assertEquals(1, b.stats().received(), "only the subscribed group came across");
        await().atMost(WAIT).until(() -> a.stats().relayed() == 2);

        onB.send("{'type':'unsub','id':'u1','group':'sport/#'}");
        Client later = subscribed(b, "later", "sport/#");
        a.publish("sport/golf", "birdie");
        await().atMost(WAIT).until(() -> later.texts().size() == 1);
        assertEquals(List.of("birdie"), later.texts(), "a filter given up and taken again still listens");
    }

    @Test
    void serverPublishesCrossInOrderBothWays() throws Exception {
        Client onA = subscribed(a, "on-a", "g");
        Client onB = subscribed(b, "on-b", "g");
        List<String> fromA = new ArrayList<>();
        List<String> fromB = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fromA.add("a" + i);
            fromB.add("b" + i);
            a.publish("g", "a" + i);
            b.publish("g", "b" + i);
        }

        await().atMost(WAIT).until(() -> onA.texts().size() == 400 && onB.texts().size() == 400);
        for (Client client : List.of(onA, onB)) {
            assertEquals(fromA, client.texts().stream().filter(t -> t.startsWith("a")).toList());
            assertEquals(fromB, client.texts().stream().filter(t -> t.startsWith("b")).toList());
            assertTrue(client.seqs().equals(client.seqs().stream().sorted().distinct().toList()), "seq increases");
        }
    }

    @Test
    void cutOffLocalDeliveryGoesOnAndTheReplicaStaysReady() throws Exception {
        Client onA = subscribed(a, "on-a", "g");
        Client onB = subscribed(b, "on-b", "g");
        assertNull(a.notReadyBecause());
        // What a holds through the outage then waits for b to listen again.
        await().atMost(WAIT).until(() -> a.relay().others().contains(b.relay().replicaId()));

        cutOff(replicaA);
        assertEquals(ClusterState.DISCONNECTED, a.relay().state());
        assertEquals(1, a.publish("g", "local only"));

        assertEquals(List.of("local only"), onA.texts());
        assertEquals(1, a.stats().published());
        assertNull(a.notReadyBecause(), "by default a replica without Redis still takes new clients");

        reconnect(replicaA);
        await().atMost(WAIT).until(() -> a.relay().state() == ClusterState.CONNECTED
                && b.relay().state() == ClusterState.CONNECTED);
        a.publish("g", "everywhere");
        await().atMost(WAIT).until(() -> onB.texts().contains("everywhere"));
        assertEquals(List.of("local only", "everywhere"), onA.texts());
        Stats stats = a.stats();
        if (holdsWhileCutOff()) {
            assertEquals(List.of("local only", "everywhere"), onB.texts(), "held, then relayed in order");
            // "everywhere" may have come while "local only" still waited for b to listen again: held too.
            assertTrue(stats.outageHeld() >= 1 && stats.outageRelayed() == stats.outageHeld(), stats.toString());
            assertEquals(List.of(0L, 0L), List.of(stats.outageDropped(), stats.notRelayed()));
        } else {
            assertEquals(List.of("everywhere"), onB.texts());
            assertEquals(1, stats.notRelayed());
        }
    }

    @Test
    void aReplicaToldNotToBeReadyWithoutRedisIsUnreadyWhileCutOffAndSaysWhy() throws Exception {
        a.readyWithoutRelay(false);
        assertNull(a.notReadyBecause());

        cutOff(replicaA);
        assertEquals(ClusterState.DISCONNECTED, a.relay().state());
        assertTrue(a.notReadyBecause().startsWith("cluster degraded"), a.notReadyBecause());

        reconnect(replicaA);
        await().atMost(WAIT).until(() -> a.notReadyBecause() == null && b.notReadyBecause() == null);
    }
}

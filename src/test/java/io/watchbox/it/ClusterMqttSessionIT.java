package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An MQTT client with a persistent session, through haproxy on the {@link ClusterRig}: when it
 * reconnects and the balancer sends it to another replica, its session moves there with its MQTT
 * state, and the CONNACK says session present; and, when the replicas mirror their sessions, when
 * its replica is killed.
 */
@Tag("cluster")
@ExtendWith(ClusterRig.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterMqttSessionIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ClusterRig rig;

    @BeforeAll
    void settle(ClusterRig shared) {
        rig = shared;
        rig.awaitSettled();
        // Paho reads the handshake's answer within 1 s: each replica's endpoint is warmed directly
        // first (not through haproxy, whose round robin the test counts on).
        for (ClusterReplica replica : rig.replicas()) {
            HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("mqtt").connectTimeout(WAIT)
                    .buildAsync(mqttUri(replica),
                            new WebSocket.Listener() { })
                    .thenCompose(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, ""))
                    .orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void aPersistentSessionReconnectingToAnotherReplicaIsPresentWithItsUnacknowledgedAndQueuedMessages()
            throws Exception {
        String clientId = Names.uid("cmqtt");
        String topic = Names.group("cmqtt");
        AlicesPaho first = AlicesPaho.connect(balancer(), clientId);
        first.client.subscribe(topic, 1);
        ClusterReplica holder = await().atMost(WAIT).until(() -> holderOf(clientId), Optional::isPresent).orElseThrow();
        publish(other(holder), topic, "in flight");
        assertEquals("in flight", first.next().text()); // not acknowledged: manual acks
        first.client.disconnectForcibly(0, 1000, false);
        await().atMost(WAIT).until(() -> !session(holder, clientId).getBoolean("connected"));
        publish(other(holder), topic, "queued 1");
        publish(holder, topic, "queued 2");
        await().atMost(WAIT).until(() -> session(holder, clientId).getJsonNumber("queued").longValue() == 2);

        AlicesPaho again = AlicesPaho.connect(balancer(), clientId);

        assertTrue(again.sessionPresent, "the session moved with its MQTT state");
        ClusterReplica movedTo = holderOf(clientId).orElseThrow();
        assertNotEquals(holder.name, movedTo.name, "haproxy's round robin sent the reconnect to another replica");
        AlicesPaho.Received resent = again.next();
        assertEquals("in flight", resent.text());
        assertTrue(resent.dup(), "sent again with DUP");
        assertEquals(List.of("queued 1", "queued 2"), List.of(again.next().text(), again.next().text()));
        again.client.disconnect();
        again.client.close();
        first.client.close();
    }

    /**
     * The scenario of a crash: the MQTT client's replica is killed (SIGKILL) with a QoS 1 message in
     * flight to the client, a message is published on another replica, and the client's CONNECT there
     * adopts its session from the mirror in Redis: present, the message in flight sent again, then the
     * one published meanwhile. Needs the rig's replicas to mirror, as they do unless -Dit.cluster.mirror=false.
     */
    @Test
    void aPersistentSessionWhoseReplicaIsKilledIsPresentOnAnotherWithItsUnacknowledgedAndMissedMessages()
            throws Exception {
        Assumptions.assumeTrue(ClusterReplica.MIRROR, "the rig's replicas do not mirror their sessions"
                + " (-Dit.cluster.mirror=true): a killed replica's sessions are lost");
        String clientId = Names.uid("kmqtt");
        String topic = Names.group("kmqtt");
        ClusterReplica killed = rig.replicas().get(0);
        ClusterReplica other = other(killed);
        AlicesPaho first = AlicesPaho.connect(mqttUri(killed), clientId);
        try {
            first.client.subscribe(topic, 1);
            publish(other, topic, "in flight");
            assertEquals("in flight", first.next().text()); // not acknowledged: manual acks
            killed.stop(ClusterReplica.Stop.KILL);
            publish(other, topic, "after the crash");

            // Adopted once the dead replica's heartbeat is overdue: the CONNECT waits for it, a few seconds.
            AlicesPaho again = AlicesPaho.connect(mqttUri(other), clientId);

            assertTrue(again.sessionPresent, "adopted from the mirror with its MQTT state");
            // Sent again, with DUP only if the mark that it went out reached Redis before the crash:
            // delivery marks do not hold up deliveries (docs/cluster.md, the mirror and MQTT).
            assertEquals("in flight", again.next().text());
            assertEquals("after the crash", again.next().text());
            again.client.disconnect();
            again.client.close();
        } finally {
            first.client.close(true);
            killed.start();
            killed.awaitDeployed();
            rig.awaitSettled();
        }
    }

    @Test
    void aSubscriberGetsAMessagePublishedOnAnotherReplicaAtTheLowerOfThePublishedAndTheGrantedQos() throws Exception {
        String topic = Names.group("cqos");
        ClusterReplica here = rig.replicas().get(0);
        ClusterReplica there = other(here);
        AlicesPaho subscriber = AlicesPaho.connectClean(mqttUri(here), Names.uid("cqos-sub"));
        AlicesPaho publisher = AlicesPaho.connectClean(mqttUri(there), Names.uid("cqos-pub"));
        try {
            subscriber.client.subscribe(topic + "/#", 2);

            for (int qos = 0; qos <= 2; qos++) {
                publisher.client.publish(topic + "/" + qos, ("at " + qos).getBytes(StandardCharsets.UTF_8), qos, false);
            }
            publish(there, topic + "/rest", "from rest");

            // Four topics, so four Redis channels: their messages may arrive in any order.
            Map<String, Integer> got = new TreeMap<>();
            for (int i = 0; i < 4; i++) {
                AlicesPaho.Received received = subscriber.next();
                got.put(received.text(), received.qos());
            }
            assertEquals(Map.of("at 0", 0, "at 1", 1, "at 2", 2, "from rest", 1), got,
                    "as published on the other replica; REST counts as QoS 1");
        } finally {
            publisher.client.disconnect();
            publisher.client.close();
            subscriber.client.disconnect();
            subscriber.client.close();
        }
    }

    private static URI mqttUri(ClusterReplica replica) {
        return URI.create(replica.baseUrl().replaceFirst("^http", "ws") + "/watchbox/mqtt");
    }

    private URI balancer() {
        return URI.create(rig.haproxy().baseUrl().replaceFirst("^http", "ws") + "/watchbox/mqtt");
    }

    private Optional<ClusterReplica> holderOf(String uid) {
        return rig.replicas().stream()
                .filter(replica -> replica.clients().stream().anyMatch(session -> uid.equals(session.getString("uid"))))
                .findFirst();
    }

    private ClusterReplica other(ClusterReplica replica) {
        return rig.replicas().stream().filter(r -> r != replica).findFirst().orElseThrow();
    }

    private static JsonObject session(ClusterReplica replica, String uid) {
        return replica.clients().stream().filter(s -> uid.equals(s.getString("uid"))).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + uid + " on " + replica));
    }

    private static void publish(ClusterReplica replica, String group, String msg) {
        assertEquals(202, replica.post("/watchbox/api/groups/" + group + "/messages", msg).statusCode());
    }
}

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
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An MQTT client with a persistent session, through haproxy on the {@link ClusterRig}: when it
 * reconnects and the balancer sends it to another replica, its session moves there with its MQTT
 * state, and the CONNACK says session present.
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
        Paho first = Paho.connect(balancer(), clientId);
        first.client.subscribe(topic, 1);
        ClusterReplica holder = await().atMost(WAIT).until(() -> holderOf(clientId), Optional::isPresent).orElseThrow();
        publish(other(holder), topic, "in flight");
        assertEquals("in flight", first.next().text()); // not acknowledged: manual acks
        first.client.disconnectForcibly(0, 1000, false);
        await().atMost(WAIT).until(() -> !session(holder, clientId).getBoolean("connected"));
        publish(other(holder), topic, "queued 1");
        publish(holder, topic, "queued 2");
        await().atMost(WAIT).until(() -> session(holder, clientId).getJsonNumber("queued").longValue() == 2);

        Paho again = Paho.connect(balancer(), clientId);

        assertTrue(again.sessionPresent, "the session moved with its MQTT state");
        ClusterReplica movedTo = holderOf(clientId).orElseThrow();
        assertNotEquals(holder.name, movedTo.name, "haproxy's round robin sent the reconnect to another replica");
        Received resent = again.next();
        assertEquals("in flight", resent.text());
        assertTrue(resent.dup(), "sent again with DUP");
        assertEquals(List.of("queued 1", "queued 2"), List.of(again.next().text(), again.next().text()));
        again.client.disconnect();
        again.client.close();
        first.client.close();
    }

    @Test
    void aSubscriberGetsAMessagePublishedOnAnotherReplicaAtTheLowerOfThePublishedAndTheGrantedQos() throws Exception {
        String topic = Names.group("cqos");
        ClusterReplica here = rig.replicas().get(0);
        ClusterReplica there = other(here);
        Paho subscriber = Paho.connectClean(mqttUri(here), Names.uid("cqos-sub"));
        Paho publisher = Paho.connectClean(mqttUri(there), Names.uid("cqos-pub"));
        try {
            subscriber.client.subscribe(topic + "/#", 2);

            for (int qos = 0; qos <= 2; qos++) {
                publisher.client.publish(topic + "/" + qos, ("at " + qos).getBytes(StandardCharsets.UTF_8), qos, false);
            }
            publish(there, topic + "/rest", "from rest");

            List<Received> got = List.of(subscriber.next(), subscriber.next(), subscriber.next(), subscriber.next());
            assertEquals(List.of("at 0", "at 1", "at 2", "from rest"), got.stream().map(Received::text).toList());
            assertEquals(List.of(0, 1, 2, 1), got.stream().map(Received::qos).toList(),
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

    private record Received(String text, boolean dup, int qos) {
    }

    /** Eclipse Paho's 3.1.1 client as alice: without clean session, acknowledging nothing itself, or clean and acknowledging. */
    private static final class Paho {
        final MqttClient client;
        final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        boolean sessionPresent;

        private Paho(MqttClient client) {
            this.client = client;
        }

        static Paho connect(URI uri, String clientId) throws MqttException {
            return connect(uri, clientId, false);
        }

        static Paho connectClean(URI uri, String clientId) throws MqttException {
            return connect(uri, clientId, true);
        }

        private static Paho connect(URI uri, String clientId, boolean clean) throws MqttException {
            MqttClient client = new MqttClient(uri.toString(), clientId, new MemoryPersistence());
            Paho paho = new Paho(client);
            client.setManualAcks(!clean);
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    paho.received.add(new Received(new String(message.getPayload(), StandardCharsets.UTF_8),
                            message.isDuplicate(), message.getQos()));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setCleanSession(clean);
            options.setUserName("alice");
            options.setPassword(IdentityIT.token("alice").toCharArray());
            options.setKeepAliveInterval(2); // within the replicas' session timeout
            options.setAutomaticReconnect(false);
            paho.sessionPresent = client.connectWithResult(options).getSessionPresent();
            return paho;
        }

        Received next() throws InterruptedException {
            Received next = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (next == null) {
                throw new AssertionError("no message within " + WAIT);
            }
            return next;
        }
    }
}

package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The HiveMQ MQTT client (its MQTT 3 and MQTT 5 APIs, over its own WebSocket transport) against
 * the MQTT endpoint: a second implementation nobody here wrote, beside Paho in {@link MqttIT}.
 * Each test names what it pins, so that QoS 2, persistent sessions, wills and retained messages
 * can add tests of their own with the same clients ({@link Hive#v3}, {@link Hive#v5}).
 */
class HiveMqIT {

    /** Bytes that are UTF-8 (JSON subscribers read the payload as text) but not ASCII. */
    private static final byte[] PAYLOAD = "hé {\"n\":1} ☃".getBytes(StandardCharsets.UTF_8);

    @Test
    void qos0And1ReachTheOtherVersionByteForByteThroughWildcards() throws Exception {
        String group = Names.group("hive");
        try (Hive v3 = Hive.v3(Names.uid("hive3")); Hive v5 = Hive.v5(Names.uid("hive5"))) {
            assertEquals(1, v3.subscribe(group + "/+/in3", 1));
            assertEquals(1, v5.subscribe(group + "/#", 1));

            v5.publish(group + "/a/in3", PAYLOAD, 0);
            v5.publish(group + "/b/in3", PAYLOAD, 1);
            assertReceived(v3.next(), group + "/a/in3");
            assertEquals(1, assertReceived(v3.next(), group + "/b/in3").qos());
            // v5's own publishes match its # too: a publisher subscribed to a group gets its own message.
            assertReceived(v5.next(), group + "/a/in3");
            assertEquals(1, assertReceived(v5.next(), group + "/b/in3").qos());

            v3.publish(group + "/c", PAYLOAD, 1);
            v3.publish(group + "/d", PAYLOAD, 0);
            assertEquals(1, assertReceived(v5.next(), group + "/c").qos());
            assertReceived(v5.next(), group + "/d");
        }
    }

    @Test
    void noMessageComesAboveTheQosGranted() throws Exception {
        String group = Names.group("grant");
        try (Hive qos0 = Hive.v5(Names.uid("q0")); Hive qos1 = Hive.v3(Names.uid("q1"));
             Hive publisher = Hive.v5(Names.uid("qp"))) {
            assertEquals(0, qos0.subscribe(group, 0));
            assertEquals(1, qos1.subscribe(group, 1));
            publisher.publish(group, PAYLOAD, 1);
            assertEquals(0, assertReceived(qos0.next(), group).qos());
            assertEquals(1, assertReceived(qos1.next(), group).qos());
        }
    }

    @Test
    void firstLevelWildcardsLeaveDollarGroupsToFiltersThatNameThem() throws Exception {
        String dollar = "$" + Names.uid("hive");
        String plain = Names.uid("plain");
        // A lone # is refused by the test deployment's authorizer (it overlaps it/secret/#): + stands at the first level.
        try (Hive plus = Hive.v5(Names.uid("plus")); Hive plusHash = Hive.v3(Names.uid("plushash"));
             Hive named = Hive.v5(Names.uid("named")); Hive namedPlus = Hive.v3(Names.uid("namedplus"));
             Hive publisher = Hive.v5(Names.uid("dpub"))) {
            assertEquals(0, plus.subscribe("+/a", 0));
            assertEquals(0, plusHash.subscribe("+/a/#", 0));
            assertEquals(0, named.subscribe(dollar + "/#", 0));
            assertEquals(0, namedPlus.subscribe(dollar + "/+", 0));

            publisher.publish(dollar + "/a", PAYLOAD, 0);
            publisher.publish(plain + "/a", PAYLOAD, 0); // the marker: after it, the $ message can no longer come

            assertReceived(named.next(), dollar + "/a");
            assertReceived(namedPlus.next(), dollar + "/a");
            for (Hive wildcard : List.of(plus, plusHash)) {
                List<String> before = wildcard.topicsUntil(plain + "/a");
                assertTrue(before.stream().noneMatch(topic -> topic.startsWith("$")),
                        () -> "a first-level wildcard received a $ group: " + before);
            }
        }
    }

    @Test
    void anUnsubscribedFilterStopsDeliveryAndTheOthersGoOn() throws Exception {
        String group = Names.group("unsub");
        try (Hive v3 = Hive.v3(Names.uid("u3")); Hive v5 = Hive.v5(Names.uid("u5"));
             Hive publisher = Hive.v3(Names.uid("upub"))) {
            for (Hive subscriber : List.of(v3, v5)) {
                subscriber.subscribe(group + "/gone", 1);
                subscriber.subscribe(group + "/kept", 1);
                subscriber.unsubscribe(group + "/gone");
            }
            publisher.publish(group + "/gone", PAYLOAD, 1);
            publisher.publish(group + "/kept", PAYLOAD, 1);
            for (Hive subscriber : List.of(v3, v5)) {
                assertEquals(List.of(), subscriber.topicsUntil(group + "/kept"), "nothing from the unsubscribed filter");
            }
        }
    }

    @Test
    void mqttAndJsonClientsShareGroupsBothWays() throws Exception {
        String group = Names.group("hivejson");
        String v3Uid = Names.uid("hj3");
        String v5Uid = Names.uid("hj5");
        String text = new String(PAYLOAD, StandardCharsets.UTF_8);
        try (RawClient json = RawClient.hello(Names.uid("json")); Hive v3 = Hive.v3(v3Uid); Hive v5 = Hive.v5(v5Uid)) {
            json.send("{\"type\":\"sub\",\"group\":\"" + group + "/from/+\"}");
            json.expect("ok");
            v3.subscribe(group + "/to", 1);
            v5.subscribe(group + "/to", 0);

            v3.publish(group + "/from/3", PAYLOAD, 1);
            v5.publish(group + "/from/5", PAYLOAD, 0);
            JsonObject from3 = json.expect("msg");
            JsonObject from5 = json.expect("msg");
            assertEquals(List.of(group + "/from/3", v3Uid, text),
                    List.of(from3.getString("group"), from3.getString("from"), from3.getString("msg")));
            assertEquals(List.of(group + "/from/5", v5Uid, text),
                    List.of(from5.getString("group"), from5.getString("from"), from5.getString("msg")));

            json.send("{\"type\":\"pub\",\"id\":\"p\",\"group\":\"" + group + "/to\",\"msg\":\"from json ☃\"}");
            assertEquals(2, json.expect("ok").getInt("delivered"));
            assertEquals(2, Server.publish(group + "/to", "from rest ☃"));
            for (Hive subscriber : List.of(v3, v5)) {
                assertEquals("from json ☃", subscriber.next().text());
                assertEquals("from rest ☃", subscriber.next().text());
            }
        }
    }

    @Test
    void bothVersionsAreListedAsMqttSessionsAndAKickEndsOnlyTheOneKicked() throws Exception {
        String kicked = Names.uid("kicked");
        String bystander = Names.uid("bystander");
        String group = Names.group("kick");
        try (Hive v5 = Hive.v5(kicked); Hive v3 = Hive.v3(bystander)) {
            for (String uid : List.of(kicked, bystander)) {
                JsonObject listed = Server.client(uid);
                assertNotNull(listed, () -> uid + " is not in GET /clients");
                assertEquals("mqtt", listed.getString("protocol"));
            }
            v3.subscribe(group, 1);

            assertEquals(204, Server.delete("/clients/" + kicked).statusCode());
            MqttClientDisconnectedContext disconnected = v5.disconnected.get(RawClient.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(disconnected.getCause());
            await().atMost(RawClient.WAIT).until(() -> Server.client(kicked) == null);

            assertEquals(1, Server.publish(group, "still here"));
            assertEquals("still here", v3.next().text());
            assertNotNull(Server.client(bystander));
        }
    }

    @Test
    void pingsKeepAQuietClientPastItsKeepAliveAndTheServersSessionTimeout() throws Exception {
        String group = Names.group("ping");
        Duration quiet = Duration.ofSeconds(Server.TIMEOUT_SECONDS + 2);
        try (Hive v3 = Hive.v3(Names.uid("ping3")); Hive v5 = Hive.v5(Names.uid("ping5"))) {
            v3.subscribe(group, 0);
            v5.subscribe(group, 0);
            // Both send nothing but PINGREQ for longer than 1.5 keep alives and watchbox.timeout.
            await().pollDelay(quiet).atMost(quiet.plusSeconds(10)).until(() -> v3.connected() && v5.connected());
            assertEquals(2, Server.publish(group, "awake"));
            assertEquals("awake", v3.next().text());
            assertEquals("awake", v5.next().text());
        }
    }

    @Test
    void aV5ConnackAnnouncesWhatTheBrokerDoes() throws Exception {
        String uid = Names.uid("connack");
        try (Hive v5 = Hive.v5(uid)) {
            Mqtt5ConnAck connack = v5.connack;
            assertEquals(0, connack.getReasonCode().getCode(), connack::toString);
            assertEquals(Server.MAXMESSAGE, connack.getRestrictions().getMaximumPacketSize());
            assertNull(connack.getAssignedClientIdentifier().orElse(null), "the client named itself");
        }
    }

    /** The message is PAYLOAD on this topic; returns it, for its QoS. */
    private static Received assertReceived(Received received, String topic) {
        assertEquals(topic, received.topic());
        assertArrayEquals(PAYLOAD, received.payload(), topic);
        return received;
    }

    /** A message as a HiveMQ subscriber received it. */
    record Received(String topic, byte[] payload, int qos) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** One connected HiveMQ client, MQTT 3.1.1 or 5.0, with what the tests do with either. */
    abstract static class Hive implements AutoCloseable {
        final CompletableFuture<MqttClientDisconnectedContext> disconnected = new CompletableFuture<>();
        Mqtt5ConnAck connack;

        /** The HiveMQ builder for this server's MQTT endpoint over WebSocket, subprotocol mqtt, keep alive 2 s. */
        static MqttClientBuilder builder(String uid, CompletableFuture<MqttClientDisconnectedContext> disconnected) {
            URI endpoint = MqttIT.mqttUri();
            return MqttClient.builder()
                    .identifier(uid)
                    .serverHost(endpoint.getHost())
                    .serverPort(endpoint.getPort())
                    .webSocketConfig().serverPath(endpoint.getPath().substring(1)).subprotocol("mqtt").applyWebSocketConfig()
                    .addDisconnectedListener(disconnected::complete);
        }

        static Hive v3(String uid) {
            return new V3(uid);
        }

        static Hive v5(String uid) {
            return new V5(uid);
        }

        /** Subscribes; the granted QoS. */
        abstract int subscribe(String filter, int qos);

        abstract void unsubscribe(String filter);

        /** Publishes; at QoS 1, returns once the PUBACK came. */
        abstract void publish(String topic, byte[] payload, int qos);

        abstract Optional<Received> poll(Duration wait) throws InterruptedException;

        abstract boolean connected();

        /** Disconnects if still connected. */
        @Override
        public abstract void close();

        Received next() throws InterruptedException {
            Received next = poll(RawClient.WAIT).orElse(null);
            assertNotNull(next, "no message within " + RawClient.WAIT);
            return next;
        }

        /** The topics received before the first message on {@code marker}, which must come. */
        List<String> topicsUntil(String marker) throws InterruptedException {
            List<String> before = new ArrayList<>();
            for (Received received = next(); !received.topic().equals(marker); received = next()) {
                before.add(received.topic());
            }
            return before;
        }

        static MqttQos qos(int qos) {
            return MqttQos.fromCode(qos);
        }
    }

    private static final class V3 extends Hive {
        private final Mqtt3BlockingClient client;
        private final Mqtt3BlockingClient.Mqtt3Publishes publishes;

        V3(String uid) {
            client = builder(uid, disconnected).useMqttVersion3().buildBlocking();
            publishes = client.publishes(MqttGlobalPublishFilter.ALL);
            client.connectWith().cleanSession(true).keepAlive(2).send();
        }

        @Override
        int subscribe(String filter, int qos) {
            return client.subscribeWith().topicFilter(filter).qos(qos(qos)).send().getReturnCodes().get(0).getCode();
        }

        @Override
        void unsubscribe(String filter) {
            client.unsubscribeWith().topicFilter(filter).send();
        }

        @Override
        void publish(String topic, byte[] payload, int qos) {
            client.publishWith().topic(topic).payload(payload).qos(qos(qos)).send();
        }

        @Override
        Optional<Received> poll(Duration wait) throws InterruptedException {
            Optional<Mqtt3Publish> publish = publishes.receive(wait.toMillis(), TimeUnit.MILLISECONDS);
            return publish.map(p -> new Received(p.getTopic().toString(), p.getPayloadAsBytes(), p.getQos().getCode()));
        }

        @Override
        boolean connected() {
            return client.getState().isConnected();
        }

        @Override
        public void close() {
            publishes.close();
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        }
    }

    private static final class V5 extends Hive {
        private final Mqtt5BlockingClient client;
        private final Mqtt5BlockingClient.Mqtt5Publishes publishes;

        V5(String uid) {
            client = builder(uid, disconnected).useMqttVersion5().buildBlocking();
            publishes = client.publishes(MqttGlobalPublishFilter.ALL);
            connack = client.connectWith().cleanStart(true).keepAlive(2).send();
        }

        @Override
        int subscribe(String filter, int qos) {
            return client.subscribeWith().topicFilter(filter).qos(qos(qos)).send().getReasonCodes().get(0).getCode();
        }

        @Override
        void unsubscribe(String filter) {
            client.unsubscribeWith().topicFilter(filter).send();
        }

        @Override
        void publish(String topic, byte[] payload, int qos) {
            client.publishWith().topic(topic).payload(payload).qos(qos(qos)).send();
        }

        @Override
        Optional<Received> poll(Duration wait) throws InterruptedException {
            Optional<Mqtt5Publish> publish = publishes.receive(wait.toMillis(), TimeUnit.MILLISECONDS);
            return publish.map(p -> new Received(p.getTopic().toString(), p.getPayloadAsBytes(), p.getQos().getCode()));
        }

        @Override
        boolean connected() {
            return client.getState().isConnected();
        }

        @Override
        public void close() {
            publishes.close();
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        }
    }
}

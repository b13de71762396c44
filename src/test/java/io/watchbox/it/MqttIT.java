package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.watchbox.internal.mqtt.codec.MqttEncoder;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

/** MQTT 3.1.1 (Paho mqttv3) and 5.0 (Paho mqttv5) over WebSocket, sharing groups with JSON clients. */
class MqttIT {

    private static final byte[] BINARY_SAFE_TEXT = "héllo {\"x\":1} ☃".getBytes(StandardCharsets.UTF_8);

    private static final AtomicBoolean WARMED = new AtomicBoolean();

    /** Paho's blocking calls wait for ever unless told: a CONNACK that never comes must fail the test, not hang the build. */
    static final long PAHO_WAIT_MILLIS = 30_000;

    /**
     * The MQTT endpoint, warmed once per JVM: Eclipse Paho reads the WebSocket handshake's answer
     * with a fixed 1 s socket timeout, which a cold endpoint's first upgrade can exceed on a busy
     * two-core machine. The JDK's client, with its own generous timeout, pays that first cost.
     */
    static URI mqttUri() {
        URI uri = URI.create(Server.baseUrl().replaceFirst("^http", "ws") + "/watchbox/mqtt");
        if (WARMED.compareAndSet(false, true)) {
            HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("mqtt").connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(uri, new WebSocket.Listener() { })
                    .thenCompose(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, ""))
                    .orTimeout(30, TimeUnit.SECONDS).join();
        }
        return uri;
    }

    @Test
    void v311PublishesReachMqttSubscribersByteForByteAtQos0And1() throws Exception {
        String group = Names.group("mqtt3");
        try (V3 subscriber = V3.connect(Names.uid("sub3")); V3 publisher = V3.connect(Names.uid("pub3"))) {
            assertQos0And1ReachTheSubscriberByteForByte(publisher, subscriber, group, group + "/#");
        }
    }

    @Test
    void v5PublishesReachMqttSubscribersByteForByteAtQos0And1() throws Exception {
        String group = Names.group("mqtt5");
        try (V5 subscriber = V5.connect(Names.uid("sub5")); V5 publisher = V5.connect(Names.uid("pub5"))) {
            assertQos0And1ReachTheSubscriberByteForByte(publisher, subscriber, group, group + "/+");
        }
    }

    /** A publish at QoS 0 and one at QoS 1 reach a subscriber of a matching filter, in order and byte for byte. */
    private static void assertQos0And1ReachTheSubscriberByteForByte(PahoClient publisher, PahoClient subscriber,
            String group, String filter) throws Exception {
        assertEquals(1, subscriber.subscribe(filter, 1));
        publisher.publish(group + "/a", BINARY_SAFE_TEXT, 0);
        publisher.publish(group + "/b", BINARY_SAFE_TEXT, 1);
        Received first = subscriber.next();
        Received second = subscriber.next();
        assertEquals(group + "/a", first.topic());
        assertArrayEquals(BINARY_SAFE_TEXT, first.payload());
        assertEquals(group + "/b", second.topic());
        assertArrayEquals(BINARY_SAFE_TEXT, second.payload());
        assertEquals(1, second.qos());
    }

    @Test
    void mqttPublishesReachJsonSubscribersAsText() throws Exception {
        String group = Names.group("tojson");
        String v3 = Names.uid("p3");
        String v5 = Names.uid("p5");
        try (RawClient json = RawClient.hello(Names.uid("json"));
             V3 publisher3 = V3.connect(v3); V5 publisher5 = V5.connect(v5)) {
            json.send("{\"type\":\"sub\",\"group\":\"" + group + "\"}");
            json.expect("ok");
            publisher3.publish(group, "from 3.1.1 é".getBytes(StandardCharsets.UTF_8), 1);
            JsonObject first = json.expect("msg");
            assertEquals("from 3.1.1 é", first.getString("msg"));
            assertEquals(v3, first.getString("from"));
            publisher5.publish(group, "from 5.0 é".getBytes(StandardCharsets.UTF_8), 1);
            JsonObject second = json.expect("msg");
            assertEquals("from 5.0 é", second.getString("msg"));
            assertEquals(v5, second.getString("from"));
        }
    }

    @Test
    void jsonAndRestPublishesReachMqttSubscribers() throws Exception {
        String group = Names.group("frommqtt");
        try (RawClient json = RawClient.hello(Names.uid("json"));
             V3 subscriber3 = V3.connect(Names.uid("s3")); V5 subscriber5 = V5.connect(Names.uid("s5"))) {
            subscriber3.subscribe(group, 1);
            subscriber5.subscribe(group, 0);
            json.send("{\"type\":\"pub\",\"id\":\"p\",\"group\":\"" + group + "\",\"msg\":\"from json\"}");
            assertEquals(2, json.expect("ok").getInt("delivered"));
            assertEquals(2, Server.publish(group, "from rest"));
            for (PahoClient subscriber : List.of(subscriber3, subscriber5)) {
                assertEquals("from json", subscriber.next().text());
                assertEquals("from rest", subscriber.next().text());
            }
        }
    }

    @Test
    void anMqttPublishFiresWatchboxMessageAndItsSessionIsListedAndKickedLikeAnyOther() throws Exception {
        String uid = Names.uid("listed");
        String group = Names.group("listed");
        try (V3 client = V3.connect(uid)) {
            client.publish(group, "observed".getBytes(StandardCharsets.UTF_8), 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> Server.events(uid).stream()
                    .map(JsonValue::asJsonObject).anyMatch(e -> e.getString("kind").equals("message")
                            && e.getString("group").equals(group) && e.getString("msg").equals("observed")));
            assertEquals("mqtt", Server.client(uid).getString("protocol"));
            assertEquals(204, Server.delete("/clients/" + uid).statusCode());
            assertNotNull(client.lost.get(RawClient.WAIT.toSeconds(), TimeUnit.SECONDS));
            assertNull(Server.client(uid));
        }
    }

    @Test
    void aFilterThatBreaksTheGroupRulesIsRefusedInTheSuback() throws Exception {
        String tooLong = "a/" + "x".repeat(200);
        try (V3 v3 = V3.connect(Names.uid("bad3")); V5 v5 = V5.connect(Names.uid("bad5"))) {
            assertEquals(0x80, v3.subscribe(tooLong, 1));
            assertEquals(0x8F, v5.subscribe(tooLong, 1));
        }
    }

    @Test
    void aClientSilentPastOneAndAHalfKeepAlivesIsClosed() throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        CompletableFuture<byte[]> connack = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("mqtt")
                .buildAsync(mqttUri(), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                        byte[] bytes = new byte[data.remaining()];
                        data.get(bytes);
                        connack.complete(bytes);
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                }).get(20, TimeUnit.SECONDS);
        byte[] connect = MqttEncoder.encode(new Packet.Connect(MqttVersion.V3_1_1, Names.uid("silent"), true, 1,
                Optional.empty(), Optional.empty(), Optional.empty(), Properties.EMPTY), MqttVersion.V3_1_1);
        socket.sendBinary(ByteBuffer.wrap(connect), true).get(20, TimeUnit.SECONDS);
        assertArrayEquals(new byte[] {0x20, 0x02, 0x00, 0x00}, connack.get(20, TimeUnit.SECONDS));
        assertEquals(4408, closed.get(20, TimeUnit.SECONDS));
    }

    @Test
    void aHandshakeWithoutTheMqttSubprotocolIsClosedWithAReason() throws Exception {
        RawClient client = RawClient.connectTo(mqttUri());
        assertEquals(4400, client.closeCode());
    }

    @Test
    void qos2PublishesArriveExactlyOnceBothWays() throws Exception {
        String group = Names.group("qos2");
        try (V3 subscriber3 = V3.connect(Names.uid("s3")); V5 subscriber5 = V5.connect(Names.uid("s5"));
             V3 publisher3 = V3.connect(Names.uid("p3")); V5 publisher5 = V5.connect(Names.uid("p5"))) {
            assertEquals(2, subscriber3.subscribe(group, 2));
            assertEquals(2, subscriber5.subscribe(group, 2));
            publisher5.publish(group, "from 5.0".getBytes(StandardCharsets.UTF_8), 2);
            publisher3.publish(group, "from 3.1.1".getBytes(StandardCharsets.UTF_8), 2);
            // At QoS 2 too: Paho hands a QoS 2 message over on PUBREL, so a QoS 0 marker could pass it.
            publisher5.publish(group, "marker".getBytes(StandardCharsets.UTF_8), 2);
            for (PahoClient subscriber : List.of(subscriber3, subscriber5)) {
                Received first = subscriber.next();
                assertEquals("from 5.0", first.text());
                assertEquals(2, first.qos());
                assertEquals("from 3.1.1", subscriber.next().text());
                // A copy of either would arrive before the marker, which was published after them.
                assertEquals("marker", subscriber.next().text());
            }
        }
    }

    @Test
    void aV311PersistentSessionGetsItsOfflineQos1And2MessagesOnReconnect() throws Exception {
        String uid = Names.uid("keep3");
        String group = Names.group("keep3");
        try (V3 first = V3.connectPersistent(uid, "alice")) {
            assertEquals(2, first.subscribe(group, 2));
            first.drop();
        }
        try (V5 publisher = V5.connect(Names.uid("pub"))) {
            publisher.publish(group, "offline 1".getBytes(StandardCharsets.UTF_8), 1);
            publisher.publish(group, "offline 2".getBytes(StandardCharsets.UTF_8), 2);
        }
        try (V3 again = V3.connectPersistent(uid, "alice")) {
            assertEquals(true, again.sessionPresent());
            Received one = again.next();
            assertEquals("offline 1", one.text());
            assertEquals(1, one.qos());
            Received two = again.next();
            assertEquals("offline 2", two.text());
            assertEquals(2, two.qos());
        } finally {
            Server.delete("/clients/" + uid);
        }
    }

    @Test
    void aV5PersistentSessionGetsItsOfflineQos1And2MessagesOnReconnect() throws Exception {
        String uid = Names.uid("keep5");
        String group = Names.group("keep5");
        try (V5 first = V5.connectPersistent(uid, "alice")) {
            assertEquals(2, first.subscribe(group, 2));
        }
        try (V3 publisher = V3.connect(Names.uid("pub"))) {
            publisher.publish(group, "offline 1".getBytes(StandardCharsets.UTF_8), 1);
            publisher.publish(group, "offline 2".getBytes(StandardCharsets.UTF_8), 2);
        }
        try (V5 again = V5.connectPersistent(uid, "alice")) {
            assertEquals(true, again.sessionPresent());
            assertEquals("offline 1", again.next().text());
            Received two = again.next();
            assertEquals("offline 2", two.text());
            assertEquals(2, two.qos());
        } finally {
            Server.delete("/clients/" + uid);
        }
    }

    @Test
    void aWillIsPublishedOnAnAbruptDropAndNotAfterADisconnect() throws Exception {
        String group = Names.group("will");
        // An MQTT watcher: its keep alive holds its session while a drop may take a keep alive to be seen.
        try (V5 watcher = V5.connect(Names.uid("watcher"))) {
            watcher.subscribe(group + "/#", 1);
            MqttConnectOptions dropping = new MqttConnectOptions();
            dropping.setCleanSession(true);
            dropping.setWill(group + "/dropped", "gone".getBytes(StandardCharsets.UTF_8), 1, false);
            try (V3 dropper = V3.connect(Names.uid("dropper"), dropping)) {
                dropper.drop();
            }
            Received will = watcher.next();
            assertEquals(group + "/dropped", will.topic());
            assertEquals("gone", will.text());

            MqttConnectionOptions leaving = new MqttConnectionOptions();
            leaving.setCleanStart(true);
            leaving.setWill(group + "/left", new org.eclipse.paho.mqttv5.common.MqttMessage(
                    "should not be sent".getBytes(StandardCharsets.UTF_8)));
            try (V5 leaver = V5.connect(Names.uid("leaver"), leaving)) {
                leaver.client.disconnect();
            }
            Server.publish(group + "/marker", "after the disconnect");
            assertEquals("after the disconnect", watcher.next().text(), "no will before the marker");
        }
    }

    @Test
    void theSameUserWithTheSameClientIdTakesTheSessionOver() throws Exception {
        String uid = Names.uid("takeover");
        String group = Names.group("takeover");
        try (V5 first = V5.connectPersistent(uid, "alice")) {
            first.subscribe(group, 1);
            try (V5 second = V5.connectPersistent(uid, "alice")) {
                MqttDisconnectResponse told = first.disconnected.get(RawClient.WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(0x8E, told.getReturnCode());
                assertEquals(true, second.sessionPresent());
                Server.publish(group, "to the second");
                assertEquals("to the second", second.next().text());
            }
        } finally {
            Server.delete("/clients/" + uid);
        }
    }

    /** A message as a subscriber received it. */
    record Received(String topic, byte[] payload, int qos) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** What the tests do with either Paho client. */
    interface PahoClient {
        /** The granted QoS, or the failure code of the suback. */
        int subscribe(String filter, int qos) throws Exception;

        void publish(String topic, byte[] payload, int qos) throws Exception;

        Received next() throws InterruptedException;
    }

    /** Paho's MQTT 3.1.1 client. */
    static final class V3 implements PahoClient, AutoCloseable {
        private final MqttClient client;
        private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();
        private boolean sessionPresent;

        private V3(MqttClient client) {
            this.client = client;
        }

        static V3 connect(String clientId) throws MqttException {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            return connect(clientId, options);
        }

        /** Connects as this user (a token as the password) without clean session. */
        static V3 connectPersistent(String clientId, String user) throws MqttException {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false);
            options.setUserName(user);
            options.setPassword(IdentityIT.token(user).toCharArray());
            return connect(clientId, options);
        }

        static V3 connect(String clientId, MqttConnectOptions options) throws MqttException {
            MqttClient client = new MqttClient(mqttUri().toString(), clientId, new MemoryPersistence());
            client.setTimeToWait(MqttIT.PAHO_WAIT_MILLIS);
            V3 v3 = new V3(client);
            client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    v3.lost.complete(cause);
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    v3.received.add(new Received(topic, message.getPayload(), message.getQos()));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setKeepAliveInterval(2); // within the IT server's session timeout
            v3.sessionPresent = client.connectWithResult(options).getSessionPresent();
            return v3;
        }

        boolean sessionPresent() {
            return sessionPresent;
        }

        /** Leaves without DISCONNECT, as a client whose network fails. */
        void drop() throws MqttException {
            client.disconnectForcibly(0, 1000, false);
        }

        /** Subscribes; the granted QoS, or 0x80 when refused. */
        @Override
        public int subscribe(String filter, int qos) throws MqttException {
            try {
                return client.subscribeWithResponse(filter, qos).getGrantedQos()[0];
            } catch (MqttException e) {
                // Paho's blocking client reports a refused filter (0x80) as an exception.
                if (e.getReasonCode() == MqttException.REASON_CODE_SUBSCRIBE_FAILED) {
                    return 0x80;
                }
                throw e;
            }
        }

        @Override
        public void publish(String topic, byte[] payload, int qos) throws MqttException {
            client.publish(topic, payload, qos, false);
        }

        @Override
        public Received next() throws InterruptedException {
            Received next = received.poll(RawClient.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(next, "no message within " + RawClient.WAIT);
            return next;
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }

    /** Paho's MQTT 5.0 client. */
    static final class V5 implements PahoClient, AutoCloseable {
        private final org.eclipse.paho.mqttv5.client.MqttClient client;
        private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        /** The DISCONNECT the server sent, or the loss of the connection. */
        final CompletableFuture<MqttDisconnectResponse> disconnected = new CompletableFuture<>();
        private boolean sessionPresent;

        private V5(org.eclipse.paho.mqttv5.client.MqttClient client) {
            this.client = client;
        }

        static V5 connect(String clientId) throws org.eclipse.paho.mqttv5.common.MqttException {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            return connect(clientId, options);
        }

        /** Connects as this user (a token as the password) with clean start 0 and a session expiry of 300 s. */
        static V5 connectPersistent(String clientId, String user) throws org.eclipse.paho.mqttv5.common.MqttException {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(false);
            options.setSessionExpiryInterval(300L);
            options.setUserName(user);
            options.setPassword(IdentityIT.token(user).getBytes(StandardCharsets.UTF_8));
            return connect(clientId, options);
        }

        static V5 connect(String clientId, MqttConnectionOptions options)
                throws org.eclipse.paho.mqttv5.common.MqttException {
            var client = new org.eclipse.paho.mqttv5.client.MqttClient(mqttUri().toString(), clientId,
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            client.setTimeToWait(MqttIT.PAHO_WAIT_MILLIS);
            V5 v5 = new V5(client);
            client.setCallback(new Paho5Callback() {
                @Override
                public void disconnected(MqttDisconnectResponse response) {
                    v5.disconnected.complete(response);
                }

                @Override
                public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
                    v5.received.add(new Received(topic, message.getPayload(), message.getQos()));
                }
            });
            options.setKeepAliveInterval(2); // within the IT server's session timeout
            v5.sessionPresent = client.connectWithResult(options).getSessionPresent();
            return v5;
        }

        boolean sessionPresent() {
            return sessionPresent;
        }

        /** Leaves without DISCONNECT, as a client whose network fails. */
        void drop() throws org.eclipse.paho.mqttv5.common.MqttException {
            client.disconnectForcibly(0, 1000, false);
        }

        /** Subscribes; the SUBACK's reason code. */
        @Override
        public int subscribe(String filter, int qos) throws org.eclipse.paho.mqttv5.common.MqttException {
            try {
                IMqttToken token = client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, qos)});
                return token.getReasonCodes()[0];
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                // Paho's blocking client may report a refused filter as an exception carrying the reason code.
                if (e.getReasonCode() >= 0x80) {
                    return e.getReasonCode();
                }
                throw e;
            }
        }

        @Override
        public void publish(String topic, byte[] payload, int qos) throws org.eclipse.paho.mqttv5.common.MqttException {
            client.publish(topic, payload, qos, false);
        }

        @Override
        public Received next() throws InterruptedException {
            Received next = received.poll(RawClient.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(next, "no message within " + RawClient.WAIT);
            return next;
        }

        @Override
        public void close() throws org.eclipse.paho.mqttv5.common.MqttException {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }
}

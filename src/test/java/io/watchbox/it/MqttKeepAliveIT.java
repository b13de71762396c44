package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

/**
 * watchbox.mqtt.maxkeepalive with real clients: the test servers' maximum is
 * {@link Server#MQTT_MAXKEEPALIVE_SECONDS}. A 5.0 client asking for no keep alive is told the
 * maximum in CONNACK and held to it; a 3.1.1 client asking for more is refused.
 */
class MqttKeepAliveIT {

    private static final int MAX = Server.MQTT_MAXKEEPALIVE_SECONDS;
    /** 1.5 times the maximum: how long a silent client is allowed. */
    private static final Duration ALLOWED = Duration.ofMillis(MAX * 1500L);

    @Test
    void aVersion5ClientWithoutKeepAliveIsToldTheMaximumAndHeldToIt() throws Exception {
        String group = Names.group("serverkeepalive");
        CompletableFuture<MqttClientDisconnectedContext> hiveDisconnected = new CompletableFuture<>();
        Mqtt5BlockingClient hive = HiveMqIT.Hive.builder(Names.uid("hive0"), hiveDisconnected).useMqttVersion5()
                .buildBlocking();
        CompletableFuture<MqttDisconnectResponse> pahoDisconnected = new CompletableFuture<>();
        var paho = new org.eclipse.paho.mqttv5.client.MqttClient(MqttIT.mqttUri().toString(), Names.uid("paho0"),
                new MemoryPersistence());
        paho.setCallback(new DisconnectRecorder(pahoDisconnected));
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = hive.publishes(MqttGlobalPublishFilter.ALL)) {
            Mqtt5ConnAck connack = hive.connectWith().cleanStart(true).keepAlive(0).send();
            assertEquals(MAX, connack.getServerKeepAlive().orElseThrow(), connack::toString);
            hive.subscribeWith().topicFilter(group).send();

            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setKeepAliveInterval(0);
            long pahoConnectedAt = System.nanoTime();
            IMqttToken token = paho.connectWithResult(options);
            MqttProperties announced = token.getResponseProperties();
            assertEquals(MAX, announced.getServerKeepAlive());

            // HiveMQ's client pings at the Server Keep Alive, so it outlives 1.5 times it, and
            // watchbox.timeout too. Paho 1.2.5 reads the value but keeps its own pinger, which a
            // keep alive of 0 never starts: the server ends it when 1.5 times the maximum has passed.
            MqttDisconnectResponse told = pahoDisconnected.get(ALLOWED.toSeconds() + 30, TimeUnit.SECONDS);
            Duration pahoLasted = Duration.ofNanos(System.nanoTime() - pahoConnectedAt);
            assertEquals(0x8D, told.getReturnCode(), "Keep Alive timeout: " + told);
            assertTrue(pahoLasted.compareTo(ALLOWED) >= 0, "closed after " + pahoLasted + ", before 1.5 times the maximum");

            // HiveMQ's client connected first and was as silent as Paho: a few sweeps later it is still connected.
            await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30))
                    .until(() -> hive.getState().isConnected() || hiveDisconnected.isDone());
            assertTrue(hive.getState().isConnected(), () -> "HiveMQ's client was closed: " + hiveDisconnected.getNow(null));
            assertEquals(1, Server.publish(group, "still here"));
            Optional<Mqtt5Publish> received = publishes.receive(RawClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals("still here", received.map(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .orElse(null));
        } finally {
            if (hive.getState().isConnected()) {
                hive.disconnect();
            }
            if (paho.isConnected()) {
                paho.disconnectForcibly(0, 1000, false);
            }
            paho.close();
        }
    }

    @Test
    void aVersion5ClientWithinTheMaximumIsNotToldAnother() throws Exception {
        var paho = new org.eclipse.paho.mqttv5.client.MqttClient(MqttIT.mqttUri().toString(), Names.uid("paho2"),
                new MemoryPersistence());
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setKeepAliveInterval(MAX);
            assertNull(paho.connectWithResult(options).getResponseProperties().getServerKeepAlive());
            paho.disconnect();
        } finally {
            paho.close();
        }
    }

    @Test
    void aVersion311ClientAskingForMoreThanTheMaximumIsRefusedAsAnIdentifierRejected() throws Exception {
        String uid = Names.uid("ka3");
        MqttClient client = new MqttClient(MqttIT.mqttUri().toString(), uid,
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        try {
            MqttException refused = assertThrows(MqttException.class, () -> client.connect(options(MAX + 1)));
            assertEquals(MqttException.REASON_CODE_INVALID_CLIENT_ID, refused.getReasonCode(), refused::toString);
            assertNull(Server.client(uid), "no session for a refused CONNECT");

            client.connect(options(MAX));
            assertTrue(client.isConnected());
            client.disconnect();
        } finally {
            client.close();
        }
    }

    /** A 3.1.1 CONNECT with clean session and this keep alive. */
    private static MqttConnectOptions options(int keepAliveSeconds) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setKeepAliveInterval(keepAliveSeconds);
        return options;
    }

    /** Records the DISCONNECT the server sent, or the loss of the connection. */
    private record DisconnectRecorder(CompletableFuture<MqttDisconnectResponse> disconnected) implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            disconnected.complete(response);
        }

        @Override
        public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}

package io.watchbox.it;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

/**
 * Eclipse Paho's 3.1.1 client as alice, for the tests of sessions that outlive a server (a move to
 * another replica, a restart): without clean session and acknowledging nothing itself, so that what
 * it had not acknowledged comes again; without clean session and acknowledging each message as it
 * arrives, as a device under load does; or clean and acknowledging.
 */
final class AlicesPaho {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A message as it arrived: its text, its DUP flag and its QoS. */
    record Received(String text, boolean dup, int qos) {
    }

    final MqttClient client;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final MqttConnectOptions options;
    volatile boolean sessionPresent;

    private AlicesPaho(MqttClient client, MqttConnectOptions options) {
        this.client = client;
        this.options = options;
    }

    static AlicesPaho connect(URI uri, String clientId) throws MqttException {
        return connect(uri, clientId, false, true, 2);
    }

    static AlicesPaho connectClean(URI uri, String clientId) throws MqttException {
        return connect(uri, clientId, true, false, 2);
    }

    /**
     * Without clean session, acknowledging each message once it is handed over. The keep-alive is
     * longer than alice's usual 2 s: under load on a busy machine a ping answer may come late, and
     * the servers this is for keep a session longer.
     */
    static AlicesPaho connectAcknowledging(URI uri, String clientId) throws MqttException {
        return connect(uri, clientId, false, false, 10);
    }

    private static AlicesPaho connect(URI uri, String clientId, boolean clean, boolean manualAcks, int keepAliveSeconds)
            throws MqttException {
        MqttClient client = new MqttClient(uri.toString(), clientId, new MemoryPersistence());
        client.setTimeToWait(MqttIT.PAHO_WAIT_MILLIS);
        MqttConnectOptions options = new MqttConnectOptions();
        AlicesPaho paho = new AlicesPaho(client, options);
        client.setManualAcks(manualAcks);
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
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(clean);
        options.setUserName("alice");
        options.setPassword(IdentityIT.token("alice").toCharArray());
        options.setKeepAliveInterval(keepAliveSeconds); // 2 s: within the test servers' session timeout
        options.setAutomaticReconnect(false);
        paho.sessionPresent = client.connectWithResult(options).getSessionPresent();
        return paho;
    }

    /** Connects the same client again, as it first did, once the server dropped it or it dropped the connection. */
    void reconnect() throws MqttException {
        sessionPresent = client.connectWithResult(options).getSessionPresent();
    }

    Received next() throws InterruptedException {
        Received next = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no message within " + WAIT);
        }
        return next;
    }
}

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
 * it had not acknowledged comes again; or clean and acknowledging.
 */
final class AlicesPaho {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A message as it arrived: its text, its DUP flag and its QoS. */
    record Received(String text, boolean dup, int qos) {
    }

    final MqttClient client;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    boolean sessionPresent;

    private AlicesPaho(MqttClient client) {
        this.client = client;
    }

    static AlicesPaho connect(URI uri, String clientId) throws MqttException {
        return connect(uri, clientId, false);
    }

    static AlicesPaho connectClean(URI uri, String clientId) throws MqttException {
        return connect(uri, clientId, true);
    }

    private static AlicesPaho connect(URI uri, String clientId, boolean clean) throws MqttException {
        MqttClient client = new MqttClient(uri.toString(), clientId, new MemoryPersistence());
        client.setTimeToWait(MqttIT.PAHO_WAIT_MILLIS);
        AlicesPaho paho = new AlicesPaho(client);
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
        options.setKeepAliveInterval(2); // within the test servers' session timeout
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

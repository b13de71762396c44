package io.watchbox.it;

import java.lang.reflect.Field;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.internal.MqttConnectionState;

/**
 * One Eclipse Paho client object, 3.1.1 or 5.0, authenticated as alice, seen the way
 * {@link ClusterChaosIT}'s MQTT clients need it: connect (whether the session was present),
 * subscribe at QoS 1, publish at QoS 1 with a future that says whether the PUBACK came, and two
 * events, a message and a lost connection. Paho's own automatic reconnect is not used (see
 * {@link MqttChaosIT}): the callers reconnect by themselves.
 */
abstract class PahoLink {

    /** A connect that takes longer is counted as failed and tried again. */
    static final Duration CONNECT_WAIT = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String USER = "alice";

    /** What the link reports; called on Paho's threads, must not block. */
    interface Events {
        /** A PUBLISH handed over. Paho's 5.0 client does not pass the DUP flag on (1.2.5's MqttPublish.getMessage drops it): always false there. */
        void arrived(String payload, int packetId, boolean dup);

        void lost();
    }

    /** Sends the delayed PUBACKs of every link. */
    private static final ScheduledExecutorService ACKS = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "paho delayed acks");
        thread.setDaemon(true);
        return thread;
    });

    final String id;
    final Events events;
    /** How long after a message is handed over its PUBACK goes; null: Paho sends it at once. */
    private volatile Duration ackDelay;
    /** Publishes whose PUBACK has not come: failed when the connection is lost, never sent again. */
    private final Set<CompletableFuture<Void>> unacknowledged = ConcurrentHashMap.newKeySet();

    private PahoLink(String id, Events events) {
        this.id = id;
        this.events = events;
    }

    /** A 3.1.1 client: clean session as asked. */
    static PahoLink v3(URI uri, String id, boolean clean, Events events) throws MqttException {
        return new V3(uri, id, clean, events);
    }

    /** A 5.0 client: a clean start without expiry, or no clean start with this session expiry. */
    static PahoLink v5(URI uri, String id, boolean clean, Duration expiry, Events events)
            throws org.eclipse.paho.mqttv5.common.MqttException {
        return new V5(uri, id, clean, expiry, events);
    }

    /**
     * Acknowledges each message this long after it was handed over, not at once: a connection lost
     * meanwhile leaves it unacknowledged, so the server must send it again, with DUP, to the session
     * when its client is back. Call before connecting.
     */
    final PahoLink acknowledgingAfter(Duration delay) {
        ackDelay = delay;
        manualAcks();
        return this;
    }

    abstract void manualAcks();

    /** Sends the PUBACK of a message handed over; on a connection lost since, it cannot go, and need not. */
    abstract void acknowledge(int packetId, int qos) throws Exception;

    final void handedOver(int packetId, int qos) {
        Duration delay = ackDelay;
        if (delay != null && qos > 0) {
            ACKS.schedule(() -> {
                try {
                    acknowledge(packetId, qos);
                } catch (Exception e) {
                    // the connection it came on is gone: the server sends it again to the session
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    abstract String version();

    /** Whether a connect failed because its CONNACK did not come in time (Paho's reason code 32000). */
    static boolean timedOut(Exception e) {
        return e instanceof MqttException old && old.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT
                || e instanceof org.eclipse.paho.mqttv5.common.MqttException v5
                && v5.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT;
    }

    /** Whether the DUP flag of an arriving PUBLISH reaches {@link Events#arrived}. */
    abstract boolean seesDup();

    /** Connects, once per link; whether the server had the session (CONNACK's session present). A connect that takes longer than {@link #CONNECT_WAIT} fails. */
    abstract boolean connect() throws Exception;

    abstract boolean isConnected();

    /** Subscribes at QoS 1 and checks it was granted. */
    abstract void subscribe(String filter) throws Exception;

    /** Publishes at QoS 1; completes when the PUBACK comes, fails when it cannot come on this connection. */
    final CompletableFuture<Void> publish(String topic, String payload) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        unacknowledged.add(acknowledged);
        acknowledged.whenComplete((ok, error) -> unacknowledged.remove(acknowledged));
        try {
            send(topic, payload.getBytes(StandardCharsets.UTF_8), acknowledged);
        } catch (Exception e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    abstract void send(String topic, byte[] payload, CompletableFuture<Void> acknowledged) throws Exception;

    /** Closes the client; a connection still open is dropped, not ended with DISCONNECT; what was not acknowledged fails. */
    final void close() {
        closeClient();
        MqttLost closed = new MqttLost(id + " was closed before the PUBACK");
        unacknowledged.forEach(future -> future.completeExceptionally(closed));
    }

    abstract void closeClient();

    /** The connection is gone: what was not acknowledged on it will not be, by this test's rule. */
    final void connectionLost() {
        MqttLost lost = new MqttLost(id + " lost its connection before the PUBACK");
        unacknowledged.forEach(future -> future.completeExceptionally(lost));
        events.lost();
    }

    /** Why a publish was not confirmed. */
    static final class MqttLost extends Exception {
        MqttLost(String message) {
            super(message);
        }
    }

    private static final class V3 extends PahoLink {
        private final MqttAsyncClient client;
        private final MqttConnectOptions options = new MqttConnectOptions();

        V3(URI uri, String id, boolean clean, Events events) throws MqttException {
            super(id, events);
            client = new MqttAsyncClient(uri.toString(), id, new MemoryPersistence());
            client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    PahoLink.V3.this.connectionLost();
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    events.arrived(new String(message.getPayload(), StandardCharsets.UTF_8), message.getId(),
                            message.isDuplicate());
                    handedOver(message.getId(), message.getQos());
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setCleanSession(clean);
            options.setUserName(USER);
            options.setPassword(IdentityIT.token(USER).toCharArray());
            options.setKeepAliveInterval(10);
            options.setConnectionTimeout(20);
            options.setAutomaticReconnect(false);
        }

        @Override
        void manualAcks() {
            client.setManualAcks(true);
        }

        @Override
        void acknowledge(int packetId, int qos) throws MqttException {
            client.messageArrivedComplete(packetId, qos);
        }

        @Override
        String version() {
            return "3.1.1";
        }

        @Override
        boolean seesDup() {
            return true;
        }

        @Override
        boolean connect() throws MqttException {
            var token = client.connect(options);
            token.waitForCompletion(CONNECT_WAIT.toMillis());
            return token.getSessionPresent();
        }

        @Override
        boolean isConnected() {
            return client.isConnected();
        }

        @Override
        void subscribe(String filter) throws MqttException {
            var token = client.subscribe(filter, 1);
            token.waitForCompletion(WAIT.toMillis());
            if (token.getGrantedQos()[0] != 1) {
                throw new IllegalStateException(id + " was granted QoS " + token.getGrantedQos()[0] + ", not 1");
            }
        }

        @Override
        void send(String topic, byte[] payload, CompletableFuture<Void> acknowledged) throws MqttException {
            client.publish(topic, payload, 1, false, null, new IMqttActionListener() {
                @Override
                public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
                    acknowledged.complete(null);
                }

                @Override
                public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable error) {
                    acknowledged.completeExceptionally(error);
                }
            });
        }

        @Override
        void closeClient() {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1000);
                }
            } catch (MqttException e) {
                // already gone
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                // a connect still under way: its threads end with it
            }
        }
    }

    private static final class V5 extends PahoLink {
        private final org.eclipse.paho.mqttv5.client.MqttAsyncClient client;
        private final MqttConnectionOptions options = new MqttConnectionOptions();

        V5(URI uri, String id, boolean clean, Duration expiry, Events events) throws org.eclipse.paho.mqttv5.common.MqttException {
            super(id, events);
            client = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(uri.toString(), id,
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            client.setCallback(new Paho5Callback() {
                @Override
                public void disconnected(MqttDisconnectResponse response) {
                    PahoLink.V5.this.connectionLost();
                }

                @Override
                public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
                    events.arrived(new String(message.getPayload(), StandardCharsets.UTF_8), message.getId(), false);
                    handedOver(message.getId(), message.getQos());
                }
            });
            options.setCleanStart(clean);
            options.setSessionExpiryInterval(clean ? 0L : expiry.toSeconds());
            options.setUserName(USER);
            options.setPassword(IdentityIT.token(USER).getBytes(StandardCharsets.UTF_8));
            options.setKeepAliveInterval(10);
            options.setConnectionTimeout(20);
            options.setAutomaticReconnect(false);
        }

        @Override
        void manualAcks() {
            client.setManualAcks(true);
        }

        @Override
        void acknowledge(int packetId, int qos) throws org.eclipse.paho.mqttv5.common.MqttException {
            client.messageArrivedComplete(packetId, qos);
        }

        @Override
        String version() {
            return "5.0";
        }

        @Override
        boolean seesDup() {
            return false;
        }

        @Override
        boolean connect() throws org.eclipse.paho.mqttv5.common.MqttException {
            IMqttToken token = client.connect(options);
            token.waitForCompletion(CONNECT_WAIT.toMillis());
            return token.getSessionPresent();
        }

        @Override
        boolean isConnected() {
            return client.isConnected();
        }

        @Override
        void subscribe(String filter) throws org.eclipse.paho.mqttv5.common.MqttException {
            IMqttToken token = client.subscribe(filter, 1);
            token.waitForCompletion(WAIT.toMillis());
            if (token.getReasonCodes()[0] != 1) {
                throw new IllegalStateException(id + " was granted " + token.getReasonCodes()[0] + ", not QoS 1");
            }
        }

        @Override
        void send(String topic, byte[] payload, CompletableFuture<Void> acknowledged)
                throws org.eclipse.paho.mqttv5.common.MqttException {
            withoutTopicAliases();
            org.eclipse.paho.mqttv5.common.MqttMessage message = new org.eclipse.paho.mqttv5.common.MqttMessage(payload);
            message.setQos(1);
            client.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    acknowledged.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    acknowledged.completeExceptionally(error);
                }
            });
        }

        /** As {@link MqttChaosIT}'s 5.0 client does, and for the same reason: Paho 1.2.5's topic aliases break across reconnects. */
        private void withoutTopicAliases() {
            try {
                Field state = org.eclipse.paho.mqttv5.client.MqttAsyncClient.class.getDeclaredField("mqttConnection");
                state.setAccessible(true);
                ((MqttConnectionState) state.get(client)).setOutgoingTopicAliasMaximum(0);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("this version of Paho keeps its connection state elsewhere", e);
            }
        }

        @Override
        void closeClient() {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1000, false);
                }
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                // already gone
            }
            try {
                client.close(true);
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                // a connect still under way: its threads end with it
            }
        }
    }
}

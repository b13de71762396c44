package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.LongStream;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.internal.MqttConnectionState;
import org.junit.jupiter.api.Test;

/**
 * QoS 2 exactly once while a proxy resets connections in the middle of the flows. Two Paho
 * publishers (3.1.1 and 5.0) and two Paho subscribers (3.1.1 and 5.0), every one an authenticated
 * persistent session behind the {@link TcpProxy}; each reconnects the same client object at once
 * when its connection is lost, so its in-flight state in {@code MemoryPersistence} survives (with
 * Paho's own automatic reconnect, the 5.0 publisher once stayed disconnected after a reset for the
 * rest of the run, without saying why; a loop of our own reconnects and records every failure). Each publisher sends numbered QoS 2
 * messages, a few in flight at a time, while the proxy resets one connection or all of them at
 * random moments; afterwards each subscriber holds every number of each publisher exactly once and
 * in order.
 *
 * <p>A publisher runs at most {@link #LAG} messages ahead of the slowest subscriber: the test server
 * keeps 10 messages per session ({@code listlimit}), and past that a session drops its oldest
 * unsent messages by design (counted as dropped, as Mosquitto's {@code max_queued_messages} does),
 * which is not what this test is about. Both publishers together stay below that bound.
 *
 * <p>Bounds: {@code -Dmqttchaos.messages} per publisher (default 200), at most 90 s of chaos.
 *
 */
class MqttChaosIT {

    /** Paho's 5.0 client logs every PUBCOMP it sends at INFO: hundreds of lines here. Held, so that the level stays. */
    private static final Logger PAHO_5_STATE = Logger.getLogger("org.eclipse.paho.mqttv5.client.internal.ClientState");

    static {
        PAHO_5_STATE.setLevel(Level.WARNING);
    }

    private static final int MESSAGES = Integer.getInteger("mqttchaos.messages", 200);
    /** Below Paho 3.1.1's default max in flight (10), so that a publish is never refused for that. */
    private static final int WINDOW = 8;
    /** How far a publisher may run ahead of the slowest subscriber (see the class comment). */
    private static final int LAG = 4;
    private static final Duration PACE = Duration.ofMillis(20);
    private static final Duration CHAOS_AT_MOST = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(45);
    /** A connect that takes longer is counted as failed and tried again. */
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(10);
    private static final String USER = "alice";

    /**
     * What the test needs from either Paho client: QoS 2 in and out, and a reconnect loop of its own
     * that connects the same client object again (so the in-flight state in its MemoryPersistence
     * survives) with clean session 0, as soon as the connection is lost, until it succeeds.
     */
    abstract static class Client implements AutoCloseable {
        final String id;
        /** Payloads in the order the client handed them over. */
        final List<String> received = new CopyOnWriteArrayList<>();
        /** One permit per publish that may still be in flight. */
        final Semaphore window = new Semaphore(WINDOW);
        /** What went wrong while reconnecting, and any reconnect that did not find its session. */
        final List<String> trouble = new CopyOnWriteArrayList<>();
        volatile int reconnects;
        /** PUBLISHes sent again with DUP that the client would have handed over twice. */
        volatile int resendsIgnored;
        private volatile boolean closing;
        private final AtomicBoolean reconnecting = new AtomicBoolean();
        private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "reconnect");
            thread.setDaemon(true);
            return thread;
        });

        Client(String id) {
            this.id = id;
        }

        abstract boolean isConnected();

        /** Connects with clean session 0; whether the server had the session. */
        abstract boolean connect() throws Exception;

        abstract void subscribe(String filter) throws Exception;

        /** Starts a QoS 2 publish; false when the client is not connected (the message is not taken). */
        abstract boolean tryPublish(String topic, byte[] payload) throws Exception;

        /** Publishes at QoS 2 once, waiting for a place in the window and for a connection as needed. */
        void publish(String topic, String text) throws Exception {
            assertTrue(window.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS),
                    () -> id + ": no PUBCOMP freed the window; " + trouble);
            while (!tryPublish(topic, text.getBytes(StandardCharsets.UTF_8))) {
                try {
                    await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(this::isConnected);
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError(id + " did not reconnect: " + trouble, e);
                }
            }
        }

        /** The connection was lost: reconnect, one attempt at a time. */
        void lost() {
            if (!closing && reconnecting.compareAndSet(false, true)) {
                reconnector.schedule(this::reconnect, 50, TimeUnit.MILLISECONDS);
            }
        }

        private void reconnect() {
            try {
                if (!connect()) {
                    trouble.add("session present 0 on a reconnect");
                }
                reconnects++;
            } catch (Exception e) {
                trouble.add(e.toString());
                reconnector.schedule(this::reconnect, 200, TimeUnit.MILLISECONDS);
                return;
            }
            reconnecting.set(false);
            if (!isConnected()) {
                lost(); // cut again before the flag was down
            }
        }

        abstract void disconnectAndClose() throws Exception;

        /** Stops reconnecting, then closes; Paho refuses to close while a connect is under way, so this waits for it. */
        @Override
        public void close() {
            closing = true;
            reconnector.shutdownNow();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                disconnectAndClose();
                return true;
            });
        }
    }

    static final class Paho3 extends Client {
        private final MqttAsyncClient client;
        private final MqttConnectOptions options = new MqttConnectOptions();

        Paho3(URI uri, String id) throws MqttException {
            super(id);
            client = new MqttAsyncClient(uri.toString(), id, new MemoryPersistence());
            client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lost();
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                    window.release();
                }
            });
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setCleanSession(false);
            options.setUserName(USER);
            options.setPassword(IdentityIT.token(USER).toCharArray());
            options.setKeepAliveInterval(10);
            options.setConnectionTimeout(20);
            options.setMaxInflight(10);
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
            var token = client.subscribe(filter, 2);
            token.waitForCompletion(WAIT.toMillis());
            assertEquals(2, token.getGrantedQos()[0], id + " granted QoS 2");
        }

        @Override
        boolean tryPublish(String topic, byte[] payload) throws MqttException {
            try {
                client.publish(topic, payload, 2, false);
                return true;
            } catch (MqttException e) {
                // Refused before Paho stores the message, so it was not taken and is published again.
                if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_NOT_CONNECTED
                        || e.getReasonCode() == MqttException.REASON_CODE_CLIENT_DISCONNECTING) {
                    return false;
                }
                throw e;
            }
        }

        @Override
        void disconnectAndClose() throws MqttException {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000);
            }
            client.close(true);
        }
    }

    static final class Paho5 extends Client {
        /** The payload last handed over under each packet identifier (see messageArrived). */
        private final Map<Integer, String> lastById = new ConcurrentHashMap<>();
        private final org.eclipse.paho.mqttv5.client.MqttAsyncClient client;
        private final MqttConnectionOptions options = new MqttConnectionOptions();

        Paho5(URI uri, String id) throws org.eclipse.paho.mqttv5.common.MqttException {
            super(id);
            client = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(uri.toString(), id,
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            client.setCallback(new Paho5Callback() {
                @Override
                public void disconnected(MqttDisconnectResponse response) {
                    lost();
                }

                @Override
                public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
                    trouble.add(exception.toString());
                }

                @Override
                public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
                    String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
                    // Paho's 5.0 client hands a QoS 2 message over as its PUBLISH arrives, and again when the
                    // server sends that PUBLISH again with DUP because a reset lost the PUBREC; MQTT-4.3.3-9
                    // says a receiver must not deliver it twice, so this does that part for Paho. Its
                    // MqttMessage never says DUP, but payloads are unique, so the same packet id with the
                    // same payload is that resend. (Paho's 3.1.1 client hands messages over at PUBREL, and
                    // its subscriber is checked without this: a server that sent a message again after its
                    // PUBCOMP would show there, as the resend is the same for both versions.)
                    if (payload.equals(lastById.get(message.getId()))) {
                        resendsIgnored++;
                        return;
                    }
                    lastById.put(message.getId(), payload);
                    received.add(payload);
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                    window.release();
                }
            });
            options.setCleanStart(false);
            options.setSessionExpiryInterval(300L);
            options.setUserName(USER);
            options.setPassword(IdentityIT.token(USER).getBytes(StandardCharsets.UTF_8));
            options.setKeepAliveInterval(10);
            options.setConnectionTimeout(20);
        }

        /**
         * Keeps Paho from sending topic aliases, which every CONNACK of the server allows (Topic Alias
         * Maximum 10). Paho 1.2.5 cannot send aliased PUBLISHes again across reconnects: it stores them
         * with the alias in place of the topic (its issue 1104; the server reads those, see docs/mqtt.md
         * "Topic aliases"), and its alias counter, reset at each connect, races with its alias table,
         * cleared at each loss, so that a message can go out under an alias that no connection ever
         * set; refused, it reconnects and sends it again, for ever. Paho has no option for this, so the
         * limit the CONNACK set is put back to 0 before each publish.
         */
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
            IMqttToken token = client.subscribe(filter, 2);
            token.waitForCompletion(WAIT.toMillis());
            assertEquals(2, token.getReasonCodes()[0], id + " granted QoS 2");
        }

        @Override
        boolean tryPublish(String topic, byte[] payload) throws org.eclipse.paho.mqttv5.common.MqttException {
            try {
                withoutTopicAliases();
                client.publish(topic, payload, 2, false);
                return true;
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                int code = e.getReasonCode();
                if (code == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED
                        || code == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_DISCONNECTING) {
                    return false;
                }
                throw e;
            }
        }

        @Override
        void disconnectAndClose() throws org.eclipse.paho.mqttv5.common.MqttException {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
            client.close(true);
        }
    }

    @Test
    void qos2MessagesArriveExactlyOnceAndInOrderWhileConnectionsAreResetMidFlow() throws Exception {
        long seed = Long.getLong("mqttchaos.seed", System.nanoTime());
        System.out.println("[MqttChaosIT] seed " + seed + ", " + MESSAGES + " QoS 2 messages per publisher");
        Random random = new Random(seed);
        String group = Names.group("mqttchaos");
        MqttIT.mqttUri(); // warm, as Paho's handshake timeout is short
        List<Client> clients = new ArrayList<>();
        ExecutorService publisherThreads = Executors.newFixedThreadPool(2);
        TcpProxy proxy = new TcpProxy(URI.create(Server.baseUrl()).getPort());
        AtomicInteger cuts = new AtomicInteger();
        Supplier<String> status = () -> {
            StringBuilder said = new StringBuilder();
            said.append(cuts).append(" resets (").append(proxy.cuts.get()).append(" single)");
            for (Client client : clients) {
                said.append("; ").append(client.id).append(client.isConnected() ? "" : " (disconnected)")
                        .append(" reconnected ").append(client.reconnects).append(" times, received ")
                        .append(client.received.size())
                        .append(client.resendsIgnored == 0 ? "" : ", " + client.resendsIgnored + " DUP resends not handed over twice")
                        .append(client.trouble.isEmpty() ? "" : ", " + client.trouble);
            }
            return said.toString();
        };
        try {
            URI uri = URI.create("ws://127.0.0.1:" + proxy.port() + "/watchbox/mqtt");
            Client sub3 = add(clients, new Paho3(uri, Names.uid("csub3")));
            Client sub5 = add(clients, new Paho5(uri, Names.uid("csub5")));
            sub3.subscribe(group);
            sub5.subscribe(group);
            Client pub3 = add(clients, new Paho3(uri, Names.uid("cpub3")));
            Client pub5 = add(clients, new Paho5(uri, Names.uid("cpub5")));
            List<Client> publishers = List.of(pub3, pub5);
            List<Client> subscribers = List.of(sub3, sub5);

            AtomicBoolean done = new AtomicBoolean();
            AtomicBoolean lost = new AtomicBoolean();
            List<CompletableFuture<Void>> publishing = new ArrayList<>();
            for (Client publisher : publishers) {
                publishing.add(CompletableFuture.runAsync(() -> {
                    try {
                        for (int n = 1; n <= MESSAGES; n++) {
                            if (n > LAG && !lost.get()) {
                                String behind = publisher.id + " " + (n - LAG);
                                try {
                                    await().atMost(WAIT).pollInterval(Duration.ofMillis(5))
                                            .until(() -> subscribers.stream().allMatch(c -> c.received.contains(behind)));
                                } catch (ConditionTimeoutException e) {
                                    lost.set(true); // no longer paced: the final check says what is missing
                                }
                            }
                            publisher.publish(group, publisher.id + " " + n);
                            LockSupport.parkNanos(PACE.toNanos()); // pacing the load, so that the flow spans the chaos
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(publisher.id + " could not publish", e);
                    }
                }, publisherThreads));
            }
            CompletableFuture<Void> allPublished = CompletableFuture.allOf(publishing.toArray(CompletableFuture[]::new))
                    .whenComplete((ok, failed) -> done.set(true));

            long end = System.nanoTime() + CHAOS_AT_MOST.toNanos();
            while (!done.get() && System.nanoTime() < end) {
                // Resets land in the QoS 2 flows, not in a CONNECT: with a reset during its handshake, Paho
                // 3.1.1's next connect once never completed (ChaosIT covers resets in handshakes).
                if (!clients.stream().allMatch(Client::isConnected)) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // pacing the chaos
                    continue;
                }
                if (cuts.get() % 4 == 3 || random.nextInt(5) == 0) {
                    proxy.cutAll();
                } else {
                    proxy.cutOne(random);
                }
                cuts.incrementAndGet();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300 + random.nextInt(900))); // pacing the chaos
            }
            allPublished.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            // The last word of each publisher, sent once the chaos is over: a copy of an earlier message would come before it.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).alias("every client reconnected")
                    .until(() -> clients.stream().allMatch(Client::isConnected));
            for (Client publisher : publishers) {
                publisher.publish(group, publisher.id + " " + (MESSAGES + 1));
            }
            Map<String, List<Long>> expected = new LinkedHashMap<>();
            for (Client publisher : publishers) {
                expected.put(publisher.id, LongStream.rangeClosed(1, MESSAGES + 1).boxed().toList());
            }
            for (Client subscriber : subscribers) {
                await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> publishers.stream()
                        .allMatch(p -> subscriber.received.contains(p.id + " " + (MESSAGES + 1))));
            }
            String summary = status.get();
            for (Client client : clients) {
                assertTrue(client.reconnects > 0, () -> client.id + " was cut at least once: " + summary);
            }
            for (Client client : clients) {
                assertTrue(client.trouble.stream().noneMatch(t -> t.startsWith("session present 0")),
                        () -> client.id + " found its session at every reconnect: " + summary);
            }
            for (Client subscriber : subscribers) {
                assertEquals(expected, byPublisher(subscriber.received, publishers),
                        () -> subscriber.id + " got every message of each publisher once, in order (" + summary + ")");
            }
        } finally {
            System.out.println("[MqttChaosIT] " + status.get());
            publisherThreads.shutdownNow();
            for (Client client : clients) {
                client.close(); // through the proxy, which still runs, so that a reconnect under way ends
                Server.delete("/clients/" + client.id);
            }
            proxy.close();
        }
    }

    private static Client add(List<Client> clients, Client client) throws Exception {
        clients.add(client);
        assertEquals(false, client.connect(), client.id + " starts a new session");
        return client;
    }

    /** The numbers each publisher's messages carried, in the order the subscriber got them. */
    private static Map<String, List<Long>> byPublisher(List<String> received, List<Client> publishers) {
        Map<String, List<Long>> numbers = new LinkedHashMap<>();
        for (Client publisher : publishers) {
            numbers.put(publisher.id, new ArrayList<>());
        }
        for (String payload : received) {
            String[] parts = payload.split(" ", 2);
            numbers.computeIfAbsent(parts[0], unknown -> new ArrayList<>()).add(Long.parseLong(parts[1]));
        }
        return numbers;
    }
}

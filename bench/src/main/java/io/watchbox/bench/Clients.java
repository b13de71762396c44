package io.watchbox.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** The two systems under test behind one small interface, so every workload runs the same code on both. */
final class Clients {

    private Clients() {
    }

    /** Receives one delivered message: the group, the payload and (Watchbox only) its seq, else -1. */
    interface Receiver {
        void onMessage(String group, String payload, long seq);
    }

    interface Endpoint {
        /** Publishes one message; returns once it is handed to the socket. */
        void publish(String group, String payload) throws Exception;

        /** Closes politely (bye / DISCONNECT). */
        void close();

        /** Drops the socket without saying goodbye, so the server keeps the session. */
        void drop();
    }

    interface Driver extends AutoCloseable {
        String name();

        /** Connects (and subscribes to group if it is not null); completes once the server confirmed. */
        CompletableFuture<Endpoint> connect(String id, String group, Long since, Receiver receiver);

        @Override
        void close();
    }

    /** A few HTTP clients on one small pool, taken in turn, so that thousands of sockets share their threads. */
    static final class HttpClients {
        private final ExecutorService executor = Executors.newFixedThreadPool(4, DaemonFactory.INSTANCE);
        private final HttpClient[] clients = new HttpClient[4];
        private final AtomicInteger next = new AtomicInteger();

        HttpClients() {
            for (int i = 0; i < clients.length; i++) {
                clients[i] = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(30)).build();
            }
        }

        HttpClient next() {
            return clients[Math.floorMod(next.getAndIncrement(), clients.length)];
        }

        void close() {
            executor.shutdownNow();
        }
    }

    /** What a raw Watchbox client does with each frame it receives: JSON parsed by hand, for speed. */
    static final class WatchboxFrames {
        private WatchboxFrames() {
        }

        /** Batched frames (contract v2), unless the run says {@code -Dbench.batch=false} to measure without. */
        static final boolean BATCH = !"false".equals(System.getProperty("bench.batch"));

        /** The hello; a session is resumed with the resume key its welcome gave (null the first time). */
        static String hello(String id, Long since, String resumeKey) {
            return "{\"type\":\"hello\",\"uid\":\"" + id + "\"" + (since != null ? ",\"since\":" + since : "")
                    + (resumeKey != null ? ",\"resume\":\"" + resumeKey + "\"" : "") + (BATCH ? ",\"batch\":true" : "") + "}";
        }

        /** The resume key of a welcome frame. */
        static String resumeKey(String welcome) {
            int k = welcome.indexOf("\"resume\":\"");
            return k < 0 ? null : welcome.substring(k + 10, welcome.indexOf('"', k + 10));
        }

        static String pub(String group, String payload) {
            return "{\"type\":\"pub\",\"group\":\"" + group + "\",\"msg\":\"" + payload + "\"}";
        }

        /** Delivers msg frames; after welcome subscribes (if there is a group), then completes ready. */
        static void handle(String frame, String group, Receiver receiver, CompletableFuture<Void> ready,
                java.util.function.Consumer<String> send, java.util.function.Consumer<String> onResumeKey) {
            int newline = frame.indexOf('\n');
            if (newline >= 0) {
                // A batched frame: objects separated by \n.
                int start = 0;
                for (; newline >= 0; newline = frame.indexOf('\n', start)) {
                    handle(frame.substring(start, newline), group, receiver, ready, send, onResumeKey);
                    start = newline + 1;
                }
                handle(frame.substring(start), group, receiver, ready, send, onResumeKey);
                return;
            }
            if (frame.startsWith("{\"type\":\"msg\"")) {
                int s = frame.indexOf("\"seq\":") + 6;
                int e = frame.indexOf(',', s);
                long seq = Long.parseLong(frame, s, e, 10);
                int g = frame.indexOf("\"group\":\"", e) + 9;
                int ge = frame.indexOf('"', g);
                int m = frame.indexOf("\"msg\":\"", ge) + 7;
                int me = frame.indexOf('"', m);
                receiver.onMessage(frame.substring(g, ge), frame.substring(m, me), seq);
            } else if (frame.startsWith("{\"type\":\"welcome\"")) {
                onResumeKey.accept(resumeKey(frame));
                if (group == null) {
                    ready.complete(null);
                } else {
                    send.accept("{\"type\":\"sub\",\"group\":\"" + group + "\",\"id\":\"s\"}");
                }
            } else if (frame.contains("\"id\":\"s\"")) {
                ready.complete(null);
            } else if (frame.startsWith("{\"type\":\"error\"")) {
                ready.completeExceptionally(new IllegalStateException(frame));
            }
        }
    }

    /** What both raw java.net.http drivers share: a pool of HTTP clients and the connect sequence. */
    private abstract static class JdkDriver implements Driver {
        private final URI uri;
        private final String subprotocol;
        private final HttpClients http = new HttpClients();

        /** {@code subprotocol} may be null. */
        JdkDriver(URI uri, String subprotocol) {
            this.uri = uri;
            this.subprotocol = subprotocol;
        }

        /** Connects, sends the first frame, and completes once the listener has the server's confirmation. */
        CompletableFuture<Endpoint> open(JdkListener listener,
                Function<WebSocket, CompletableFuture<WebSocket>> firstFrame) {
            WebSocket.Builder builder = http.next().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(60));
            if (subprotocol != null) {
                builder.subprotocols(subprotocol);
            }
            return builder.buildAsync(uri, listener)
                    .thenCompose(ws -> {
                        listener.ws = ws;
                        return listener.send(firstFrame);
                    })
                    .thenCompose(ws -> listener.ready)
                    .thenApply(ignored -> (Endpoint) listener);
        }

        @Override
        public void close() {
            http.close();
        }
    }

    /** What both raw listeners share: the connect's outcome, and saying goodbye or dropping the socket. */
    private abstract static class JdkListener implements WebSocket.Listener, Endpoint {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        volatile WebSocket ws;
        private final OneSendAtATime<WebSocket> sends = new OneSendAtATime<>();

        /** Sends the frame after the ones before it (see OneSendAtATime); a failed send fails the connect. */
        CompletableFuture<WebSocket> send(Function<WebSocket, CompletableFuture<WebSocket>> frame) {
            CompletableFuture<WebSocket> sent = sends.send(ws, frame);
            sent.whenComplete((w, failure) -> {
                if (failure != null) {
                    ready.completeExceptionally(failure);
                }
            });
            return sent;
        }

        /** Sends the protocol's goodbye (bye / DISCONNECT). */
        abstract CompletableFuture<WebSocket> goodbye(WebSocket socket);

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ready.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ready.completeExceptionally(error);
        }

        @Override
        public void close() {
            WebSocket w = ws;
            if (w != null) {
                send(this::goodbye).orTimeout(5, TimeUnit.SECONDS).whenComplete((x, t) -> w.abort());
            }
        }

        @Override
        public void drop() {
            WebSocket w = ws;
            if (w != null) {
                w.abort();
            }
        }
    }

    /** Lean raw Watchbox client on java.net.http.WebSocket: JSON text frames, parsed by hand. */
    static final class Watchbox extends JdkDriver {
        // Each client id's resume key, so that a reconnect (the listlimit workload) resumes its session.
        private final java.util.Map<String, String> resumeKeys = new java.util.concurrent.ConcurrentHashMap<>();

        Watchbox(URI uri) {
            super(uri, null);
        }

        @Override
        public String name() {
            return "watchbox";
        }

        @Override
        public CompletableFuture<Endpoint> connect(String id, String group, Long since, Receiver receiver) {
            return open(new WbListener(receiver, group, key -> resumeKeys.put(id, key)),
                    ws -> ws.sendText(WatchboxFrames.hello(id, since, resumeKeys.get(id)), true));
        }
    }

    private static final class WbListener extends JdkListener {
        private final Receiver receiver;
        private final String group;
        private final java.util.function.Consumer<String> onResumeKey;
        private final StringBuilder partial = new StringBuilder();

        WbListener(Receiver receiver, String group, java.util.function.Consumer<String> onResumeKey) {
            this.receiver = receiver;
            this.group = group;
            this.onResumeKey = onResumeKey;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                WatchboxFrames.handle(frame, group, receiver, ready, sub -> send(w -> w.sendText(sub, true)), onResumeKey);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public synchronized void publish(String group, String payload) {
            send(w -> w.sendText(WatchboxFrames.pub(group, payload), true)).join();
        }

        @Override
        CompletableFuture<WebSocket> goodbye(WebSocket socket) {
            return socket.sendText("{\"type\":\"bye\"}", true);
        }
    }

    /** Mosquitto through Eclipse Paho (MQTT 3.1.1 over WebSocket, QoS 0). Three threads per client. */
    static final class Paho implements Driver {
        private final String url;
        private final ExecutorService connectors = Executors.newFixedThreadPool(256, DaemonFactory.INSTANCE);

        Paho(String url) {
            this.url = url;
        }

        @Override
        public String name() {
            return "mosquitto";
        }

        @Override
        public CompletableFuture<Endpoint> connect(String id, String group, Long since, Receiver receiver) {
            // Paho's tokens block, and Debian's Mosquitto serves WebSocket handshakes slowly (see
            // docs/benchmarks.md): connect on a wide pool so that many clients connect in parallel.
            CompletableFuture<Endpoint> result = new CompletableFuture<>();
            connectors.execute(() -> connectBlocking(id, group, receiver, result));
            return result;
        }

        private void connectBlocking(String id, String group, Receiver receiver, CompletableFuture<Endpoint> result) {
            try {
                MqttAsyncClient client = new MqttAsyncClient(url, id, new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setCleanSession(true);
                options.setKeepAliveInterval(120);
                options.setMaxInflight(65535);
                options.setConnectionTimeout(60);
                IMqttToken token = client.connect(options);
                token.waitForCompletion(60_000);
                if (group != null) {
                    client.subscribe(group, 0, (topic, message) ->
                            receiver.onMessage(topic, new String(message.getPayload(), StandardCharsets.US_ASCII), -1))
                            .waitForCompletion(60_000);
                }
                result.complete(new Endpoint() {
                    @Override
                    public void publish(String g, String payload) throws Exception {
                        client.publish(g, payload.getBytes(StandardCharsets.US_ASCII), 0, false);
                    }

                    @Override
                    public void close() {
                        try {
                            // Without a DISCONNECT packet: MQTT never answers one, so Paho would wait
                            // out its whole timeout for each client, one after the other, after the run.
                            client.disconnectForcibly(0, 0, false);
                            client.close();
                        } catch (Exception e) {
                            // best effort at the end of a run
                        }
                    }

                    @Override
                    public void drop() {
                        close();
                    }
                });
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        }

        @Override
        public void close() {
            connectors.shutdownNow();
        }
    }

    /**
     * A minimal MQTT 3.1.1 client over java.net.http.WebSocket (CONNECT, SUBSCRIBE at QoS 0, PUBLISH
     * receive) for the idle and connect-storm workloads, where Paho's three threads per client would
     * measure the generator rather than the broker.
     */
    static final class RawMqtt extends JdkDriver {
        RawMqtt(URI uri) {
            super(uri, "mqtt");
        }

        @Override
        public String name() {
            return "mosquitto";
        }

        @Override
        public CompletableFuture<Endpoint> connect(String id, String group, Long since, Receiver receiver) {
            return open(new MqttListener(group),
                    ws -> ws.sendBinary(ByteBuffer.wrap(MqttPackets.connect(id)), true));
        }
    }

    private static final class MqttListener extends JdkListener {
        private final String group;

        MqttListener(String group) {
            this.group = group;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            // Only CONNACK and SUBACK matter here; idle clients receive nothing else.
            if (data.remaining() > 0) {
                int type = data.get(data.position()) & 0xF0;
                if (type == 0x20) {
                    if (group == null) {
                        ready.complete(null);
                    } else {
                        send(w -> w.sendBinary(ByteBuffer.wrap(MqttPackets.subscribe(group)), true));
                    }
                } else if (type == 0x90) {
                    ready.complete(null);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void publish(String group, String payload) {
            throw new UnsupportedOperationException("idle client");
        }

        @Override
        CompletableFuture<WebSocket> goodbye(WebSocket socket) {
            return socket.sendBinary(ByteBuffer.wrap(MqttPackets.DISCONNECT), true);
        }
    }

    enum DaemonFactory implements java.util.concurrent.ThreadFactory {
        INSTANCE;

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "bench-io");
            t.setDaemon(true);
            return t;
        }
    }
}

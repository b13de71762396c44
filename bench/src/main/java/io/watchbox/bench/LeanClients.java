package io.watchbox.bench;

import io.watchbox.bench.Clients.Driver;
import io.watchbox.bench.Clients.Endpoint;
import io.watchbox.bench.Clients.Receiver;
import io.watchbox.bench.Clients.WatchboxFrames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publish/subscribe drivers on {@link BlockingWebSocket}, one reader thread per connection: the
 * same transport for both systems, so the generator spends the same on each side; only the
 * protocol on top differs (Watchbox JSON frames here, MQTT 3.1.1 packets in {@link MqttDriver}).
 */
final class LeanClients {

    /** WebSocket messages (frames) every lean client of this process has received: a batched one counts once. */
    static final LongAdder FRAMES_RECEIVED = new LongAdder();


    private LeanClients() {
    }

    private static final int TIMEOUT_MILLIS = 60_000;

    /** Blocking connects, many at once. */
    private abstract static class LeanDriver implements Driver {
        final URI uri;
        private final ExecutorService connectors = Executors.newFixedThreadPool(64, Clients.DaemonFactory.INSTANCE);

        LeanDriver(URI uri) {
            this.uri = uri;
        }

        @Override
        public CompletableFuture<Endpoint> connect(String id, String group, Long since, Receiver receiver) {
            CompletableFuture<Void> ready = new CompletableFuture<>();
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return open(id, group, since, receiver, ready);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, connectors).thenCompose(endpoint -> ready.thenApply(x -> endpoint));
        }

        abstract Endpoint open(String id, String group, Long since, Receiver receiver, CompletableFuture<Void> ready)
                throws IOException;

        /** Reads on the socket's own thread; a connection that ends before the server confirmed fails the connect. */
        static void startReading(BlockingWebSocket ws, String name, CompletableFuture<Void> ready,
                BlockingWebSocket.Handler messages) {
            ws.startReading(name, new BlockingWebSocket.Handler() {
                @Override
                public void onMessage(int opcode, byte[] payload) throws IOException {
                    FRAMES_RECEIVED.increment();
                    messages.onMessage(opcode, payload);
                }

                @Override
                public void onClosed(Throwable failure) {
                    ready.completeExceptionally(new IllegalStateException("closed", failure));
                }
            });
        }

        @Override
        public void close() {
            connectors.shutdownNow();
        }
    }

    /** A connected client: publishes with its protocol's frame, says its protocol's goodbye on close. */
    private abstract static class LeanEndpoint implements Endpoint {
        final BlockingWebSocket ws;

        LeanEndpoint(BlockingWebSocket ws) {
            this.ws = ws;
        }

        abstract void goodbye() throws IOException;

        @Override
        public void close() {
            try {
                goodbye();
            } catch (IOException e) {
                // dropping it anyway
            }
            ws.close();
        }

        @Override
        public void drop() {
            ws.close();
        }
    }

    /** Watchbox: text frames of docs/protocol.md. */
    static final class Watchbox extends LeanDriver {
        // Each client id's resume key, so that a reconnect (the listlimit workload) resumes its session.
        private final java.util.Map<String, String> resumeKeys = new java.util.concurrent.ConcurrentHashMap<>();

        Watchbox(URI uri) {
            super(uri);
        }

        @Override
        public String name() {
            return "watchbox";
        }

        @Override
        Endpoint open(String id, String group, Long since, Receiver receiver, CompletableFuture<Void> ready)
                throws IOException {
            BlockingWebSocket ws = BlockingWebSocket.connect(uri, null, TIMEOUT_MILLIS);
            startReading(ws, "wb-" + id, ready, (opcode, payload) -> WatchboxFrames.handle(
                    new String(payload, StandardCharsets.UTF_8), group, receiver, ready, LeanClients.sender(ws),
                    key -> resumeKeys.put(id, key)));
            ws.sendText(WatchboxFrames.hello(id, since, resumeKeys.get(id)));
            return new LeanEndpoint(ws) {
                @Override
                public void publish(String g, String payload) throws IOException {
                    ws.sendText(WatchboxFrames.pub(g, payload));
                }

                @Override
                void goodbye() throws IOException {
                    ws.sendText("{\"type\":\"bye\"}");
                }
            };
        }
    }

    private static java.util.function.Consumer<String> sender(BlockingWebSocket ws) {
        return text -> {
            try {
                ws.sendText(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}

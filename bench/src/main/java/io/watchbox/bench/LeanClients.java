package io.watchbox.bench;

import io.watchbox.bench.Clients.Driver;
import io.watchbox.bench.Clients.Endpoint;
import io.watchbox.bench.Clients.Receiver;
import io.watchbox.bench.Clients.WatchboxFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publish/subscribe drivers on {@link BlockingWebSocket}, one reader thread per connection: the
 * same transport for both systems, so the generator spends the same on each side; only the
 * protocol on top differs (Watchbox JSON frames, MQTT 3.1.1 packets at QoS 0).
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

    /** Mosquitto: MQTT 3.1.1 over WebSocket (subprotocol mqtt), QoS 0. */
    static final class Mqtt extends LeanDriver {
        Mqtt(URI uri) {
            super(uri);
        }

        @Override
        public String name() {
            return "mosquitto";
        }

        @Override
        Endpoint open(String id, String group, Long since, Receiver receiver, CompletableFuture<Void> ready)
                throws IOException {
            BlockingWebSocket ws = BlockingWebSocket.connect(uri, "mqtt", TIMEOUT_MILLIS);
            MqttPackets.Reader packets = new MqttPackets.Reader((type, body) -> {
                switch (type) {
                    case 0x20 -> {
                        if (group == null) {
                            ready.complete(null);
                        } else {
                            ws.sendBinary(MqttPackets.subscribe(group));
                        }
                    }
                    case 0x90 -> ready.complete(null);
                    case 0x30 -> {
                        int topicLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
                        receiver.onMessage(new String(body, 2, topicLength, StandardCharsets.UTF_8),
                                new String(body, 2 + topicLength, body.length - 2 - topicLength, StandardCharsets.US_ASCII),
                                -1);
                    }
                    default -> {
                    }
                }
            });
            startReading(ws, "mq-" + id, ready, (opcode, payload) -> packets.feed(payload));
            ws.sendBinary(MqttPackets.connect(id));
            return new LeanEndpoint(ws) {
                @Override
                public void publish(String topic, String payload) throws IOException {
                    ws.sendBinary(MqttPackets.publish(topic, payload.getBytes(StandardCharsets.US_ASCII)));
                }

                @Override
                void goodbye() throws IOException {
                    ws.sendBinary(MqttPackets.DISCONNECT);
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

    /** The few MQTT 3.1.1 packets the generator needs, and a reader that splits a byte stream into packets. */
    static final class MqttPackets {
        static final byte[] DISCONNECT = {(byte) 0xE0, 0};

        private MqttPackets() {
        }

        static byte[] connect(String clientId) {
            byte[] id = clientId.getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 0}); // clean session, no keepalive
            writeString(body, id);
            return packet(0x10, body.toByteArray());
        }

        static byte[] subscribe(String topic) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(new byte[] {0, 1});
            writeString(body, topic.getBytes(StandardCharsets.UTF_8));
            body.write(0); // QoS 0
            return packet(0x82, body.toByteArray());
        }

        static byte[] publish(String topic, byte[] payload) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writeString(body, topic.getBytes(StandardCharsets.UTF_8));
            body.writeBytes(payload);
            return packet(0x30, body.toByteArray());
        }

        private static void writeString(ByteArrayOutputStream out, byte[] s) {
            out.write(s.length >>> 8);
            out.write(s.length);
            out.writeBytes(s);
        }

        private static byte[] packet(int header, byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
            out.write(header);
            int remaining = body.length;
            do {
                int digit = remaining % 128;
                remaining /= 128;
                out.write(remaining > 0 ? digit | 0x80 : digit);
            } while (remaining > 0);
            out.writeBytes(body);
            return out.toByteArray();
        }

        interface PacketHandler {
            /** The packet type (high nibble of the first byte, flags cleared) and the bytes after the fixed header. */
            void onPacket(int type, byte[] body) throws IOException;
        }

        /** Packets may span WebSocket frames and frames may hold several packets. */
        static final class Reader {
            private final PacketHandler handler;
            private byte[] pending = new byte[0];

            Reader(PacketHandler handler) {
                this.handler = handler;
            }

            void feed(byte[] data) throws IOException {
                byte[] buf = pending.length == 0 ? data : concat(pending, data);
                int pos = 0;
                for (;;) {
                    if (buf.length - pos < 2) {
                        break;
                    }
                    int length = 0;
                    int multiplier = 1;
                    int i = pos + 1;
                    boolean complete = false;
                    while (i < buf.length && i < pos + 5) {
                        int digit = buf[i++] & 0xFF;
                        length += (digit & 0x7F) * multiplier;
                        multiplier *= 128;
                        if ((digit & 0x80) == 0) {
                            complete = true;
                            break;
                        }
                    }
                    if (!complete || buf.length - i < length) {
                        break;
                    }
                    handler.onPacket(buf[pos] & 0xF0, Arrays.copyOfRange(buf, i, i + length));
                    pos = i + length;
                }
                pending = Arrays.copyOfRange(buf, pos, buf.length);
            }

            private static byte[] concat(byte[] a, byte[] b) {
                byte[] c = Arrays.copyOf(a, a.length + b.length);
                System.arraycopy(b, 0, c, a.length, b.length);
                return c;
            }
        }
    }
}

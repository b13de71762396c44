package io.watchbox.bench;

import io.watchbox.bench.Clients.Driver;
import io.watchbox.bench.Clients.Endpoint;
import io.watchbox.bench.Clients.Receiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lean MQTT 3.1.1 client over WebSocket (subprotocol {@code mqtt}) on {@link BlockingWebSocket}:
 * one reader thread per connection, each packet one frame and one write call. It works at one QoS
 * (0, 1 or 2): it subscribes at that QoS, publishes at it, and answers each PUBLISH it receives as
 * that PUBLISH's QoS requires (PUBACK; or PUBREC, then PUBCOMP on the PUBREL), so every broker it
 * drives, Watchbox's MQTT endpoint and Mosquitto alike, costs the generator the same per packet.
 *
 * <p>A message counts as received when its PUBLISH arrives, at every QoS: at QoS 2 the receiver
 * of this client is its application, and a clean session never sees a resent PUBLISH.
 */
final class MqttDriver implements Driver {

    private static final int TIMEOUT_MILLIS = 60_000;

    private final URI uri;
    private final String name;
    private final int qos;
    private final LongAdder framesReceived;
    private final LongAdder openPublishes = new LongAdder();
    private final ExecutorService connectors = Executors.newFixedThreadPool(64, Clients.DaemonFactory.INSTANCE);

    /**
     * @param name           the system's name, for messages
     * @param qos            0, 1 or 2: of the subscriptions and of the publishes
     * @param framesReceived counts every WebSocket message the connections of this driver read
     */
    MqttDriver(URI uri, String name, int qos, LongAdder framesReceived) {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("--qos must be 0, 1 or 2, not " + qos);
        }
        this.uri = uri;
        this.name = name;
        this.qos = qos;
        this.framesReceived = framesReceived;
    }

    @Override
    public String name() {
        return name;
    }

    /** Publishes above QoS 0 whose flow has not ended yet (no PUBACK, or no PUBCOMP): 0 once a run has drained. */
    long openPublishes() {
        return openPublishes.sum();
    }

    @Override
    public CompletableFuture<Endpoint> connect(String id, String group, Long since, Receiver receiver) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return open(id, group, receiver, ready);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, connectors).thenCompose(endpoint -> ready.thenApply(x -> endpoint));
    }

    private Endpoint open(String id, String group, Receiver receiver, CompletableFuture<Void> ready)
            throws IOException {
        BlockingWebSocket ws = BlockingWebSocket.connect(uri, "mqtt", TIMEOUT_MILLIS);
        Connection connection = new Connection(ws, group, receiver, ready);
        MqttPackets.Reader packets = new MqttPackets.Reader(connection::onPacket);
        ws.startReading("mqtt-" + id, new BlockingWebSocket.Handler() {
            @Override
            public void onMessage(int opcode, byte[] payload) throws IOException {
                framesReceived.increment();
                packets.feed(payload);
            }

            @Override
            public void onClosed(Throwable failure) {
                ready.completeExceptionally(new IllegalStateException(name + " closed the connection", failure));
            }
        });
        ws.sendBinary(MqttPackets.connect(id));
        return connection;
    }

    @Override
    public void close() {
        connectors.shutdownNow();
    }

    /** One connection: its reader thread answers the broker, the publishing thread calls {@link #publish}. */
    private final class Connection implements Endpoint {
        private final BlockingWebSocket ws;
        private final String group;
        private final Receiver receiver;
        private final CompletableFuture<Void> ready;
        private int lastPacketId; // the publishing thread's own

        Connection(BlockingWebSocket ws, String group, Receiver receiver, CompletableFuture<Void> ready) {
            this.ws = ws;
            this.group = group;
            this.receiver = receiver;
            this.ready = ready;
        }

        void onPacket(int firstByte, byte[] body) throws IOException {
            switch (firstByte & 0xF0) {
                case MqttPackets.CONNACK -> connected(body[1] & 0xFF);
                case MqttPackets.SUBACK -> subscribed(body[2] & 0xFF);
                case MqttPackets.PUBLISH -> received((firstByte >> 1) & 3, body);
                case MqttPackets.PUBACK, MqttPackets.PUBCOMP -> openPublishes.decrement();
                case MqttPackets.PUBREC -> ws.sendBinary(MqttPackets.ack(MqttPackets.PUBREL, MqttPackets.packetId(body, 0)));
                case MqttPackets.PUBREL -> ws.sendBinary(MqttPackets.ack(MqttPackets.PUBCOMP, MqttPackets.packetId(body, 0)));
                default -> {
                    // PINGRESP, UNSUBACK: nothing to do
                }
            }
        }

        private void connected(int returnCode) throws IOException {
            if (returnCode != 0) {
                fail("CONNACK return code " + returnCode);
            } else if (group == null) {
                ready.complete(null);
            } else {
                ws.sendBinary(MqttPackets.subscribe(group, qos));
            }
        }

        /** A broker that grants less than the run's QoS would measure another QoS: the connect fails instead. */
        private void subscribed(int granted) {
            if (granted == 0x80) {
                fail("SUBSCRIBE refused (0x80)");
            } else if (granted < qos) {
                fail("granted QoS " + granted + " of " + qos);
            } else {
                ready.complete(null);
            }
        }

        private void fail(String why) {
            ready.completeExceptionally(new IllegalStateException(name + ": " + why));
            ws.close();
        }

        private void received(int packetQos, byte[] body) throws IOException {
            int topicLength = MqttPackets.packetId(body, 0);
            int payloadStart = 2 + topicLength + (packetQos > 0 ? 2 : 0);
            receiver.onMessage(new String(body, 2, topicLength, StandardCharsets.UTF_8),
                    new String(body, payloadStart, body.length - payloadStart, StandardCharsets.US_ASCII), -1);
            if (packetQos == 1) {
                ws.sendBinary(MqttPackets.ack(MqttPackets.PUBACK, MqttPackets.packetId(body, 2 + topicLength)));
            } else if (packetQos == 2) {
                ws.sendBinary(MqttPackets.ack(MqttPackets.PUBREC, MqttPackets.packetId(body, 2 + topicLength)));
            }
        }

        @Override
        public void publish(String topic, String payload) throws IOException {
            int packetId = 0;
            if (qos > 0) {
                lastPacketId = lastPacketId % 0xFFFF + 1; // 1 to 65535, never 0
                packetId = lastPacketId;
                openPublishes.increment();
            }
            ws.sendBinary(MqttPackets.publish(topic, payload.getBytes(StandardCharsets.US_ASCII), qos, packetId));
        }

        @Override
        public void close() {
            try {
                ws.sendBinary(MqttPackets.DISCONNECT);
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
}

package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.watchbox.internal.mqtt.codec.Decoded;
import io.watchbox.internal.mqtt.codec.MqttDecoder;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile packets, byte for byte over a WebSocket with the subprotocol {@code mqtt}: each closes
 * only the connection that sent it. After CONNECT a 5.0 client is first told why, in a DISCONNECT
 * with the reason code; a 3.1.1 client (which has no server DISCONNECT) only sees the close.
 * Meanwhile a bystander, a HiveMQ client on the same server, keeps receiving.
 */
class MqttHostileIT {

    private static final int MAXMESSAGE = Server.MAXMESSAGE;
    private static final int MALFORMED = 0x81;
    private static final int PROTOCOL_ERROR = 0x82;
    private static final int TOPIC_ALIAS_INVALID = 0x94;
    private static final int PACKET_TOO_LARGE = 0x95;

    private static HiveMqIT.Hive bystander;
    private static String bystanderGroup;

    @BeforeAll
    static void connectBystander() {
        bystanderGroup = Names.group("bystander");
        bystander = HiveMqIT.Hive.v5(Names.uid("bystander"));
        assertEquals(1, bystander.subscribe(bystanderGroup, 1));
    }

    @AfterAll
    static void disconnectBystander() {
        if (bystander != null) {
            bystander.close();
        }
    }

    /** After every hostile connection: the bystander still receives, on the same connection. */
    @AfterEach
    void bystanderStillReceives() throws InterruptedException {
        String text = Names.uid("after");
        assertEquals(1, Server.publish(bystanderGroup, text));
        assertEquals(text, bystander.next().text());
    }

    /** A packet the spec forbids, sent by a connected client of each version. */
    record Hostile(String what, MqttVersion version, byte[] bytes, int reason) {
        @Override
        public String toString() {
            return what + " (MQTT " + (version.isV5() ? "5.0" : "3.1.1") + ")";
        }
    }

    static Stream<Hostile> afterConnect() {
        List<Hostile> cases = new ArrayList<>();
        for (MqttVersion version : List.of(MqttVersion.V3_1_1, MqttVersion.V5)) {
            byte[] noProperties = version.isV5() ? new byte[] {0} : new byte[0];
            cases.add(new Hostile("a remaining length over four bytes", version,
                    bytes(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01), MALFORMED));
            cases.add(new Hostile("a remaining length not in its shortest form", version,
                    bytes(0xC0, 0x80, 0x00), MALFORMED));
            cases.add(new Hostile("reserved flags on PINGREQ", version, bytes(0xC1, 0x00), MALFORMED));
            cases.add(new Hostile("SUBSCRIBE without its required flags", version,
                    packet(0x80, concat(bytes(0x00, 0x01), noProperties, string("a/b"), bytes(0x01))), MALFORMED));
            cases.add(new Hostile("an overlong UTF-8 encoding in a topic", version,
                    packet(0x30, concat(bytes(0x00, 0x03, 'a', 0xC0, 0x80), noProperties)), MALFORMED));
            cases.add(new Hostile("a lone surrogate in a topic", version,
                    packet(0x30, concat(bytes(0x00, 0x04, 'a', 0xED, 0xA0, 0x80), noProperties)), MALFORMED));
            cases.add(new Hostile("U+0000 in a topic", version,
                    packet(0x30, concat(bytes(0x00, 0x03, 'a', 0x00, 'b'), noProperties)), MALFORMED));
            cases.add(new Hostile("PUBLISH at QoS 3", version,
                    packet(0x36, concat(string("a/b"), bytes(0x00, 0x01), noProperties)), MALFORMED));
            cases.add(new Hostile("a second CONNECT", version, connect(version, Names.uid("again")), PROTOCOL_ERROR));
            cases.add(new Hostile("a packet over watchbox.maxmessage", version,
                    packet(0x30, concat(string("a/b"), noProperties, new byte[MAXMESSAGE])), PACKET_TOO_LARGE));
        }
        cases.add(new Hostile("a property given twice (Message Expiry Interval)", MqttVersion.V5,
                packet(0x30, concat(string("a/b"), bytes(10, 0x02, 0, 0, 0, 9, 0x02, 0, 0, 0, 9))), PROTOCOL_ERROR));
        cases.add(new Hostile("a topic alias beyond the Topic Alias Maximum (65535, past the default 10)", MqttVersion.V5,
                packet(0x30, concat(string("a/b"), bytes(3, 0x23, 0xFF, 0xFF))), TOPIC_ALIAS_INVALID));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("afterConnect")
    void aMalformedPacketClosesOnlyItsOwnConnection(Hostile hostile) throws Exception {
        try (RawMqtt client = RawMqtt.open()) {
            client.send(connect(hostile.version(), Names.uid("hostile")));
            assertInstanceOf(Packet.Connack.class, client.next(hostile.version()));
            client.sendWithoutWaiting(hostile.bytes());
            if (hostile.version().isV5()) {
                Packet disconnect = client.next(hostile.version());
                Packet.Disconnect told = assertInstanceOf(Packet.Disconnect.class, disconnect);
                assertEquals(hostile.reason(), told.reason().value(), () -> "reason code of " + told);
            }
            assertEquals(4400, client.closeCode());
            assertNull(client.received.poll(), "nothing after the DISCONNECT");
        }
    }

    static Stream<Arguments> beforeConnect() {
        byte[] connect = connect(MqttVersion.V5, Names.uid("early"));
        byte[] reservedFlag = connect.clone();
        reservedFlag[9] |= 0x01; // the CONNECT flags byte: bit 0 is reserved (MQTT-3.1.2-3)
        byte[] willQos3 = connect.clone();
        willQos3[9] |= 0x18; // will QoS 3, and without a will flag besides
        return Stream.of(
                Arguments.of("PINGREQ before CONNECT", bytes(0xC0, 0x00)),
                Arguments.of("SUBSCRIBE before CONNECT", packet(0x82, concat(bytes(0x00, 0x01), string("a"), bytes(0x00)))),
                Arguments.of("packet type 0", bytes(0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)),
                Arguments.of("CONNECT with the reserved flag set", reservedFlag),
                Arguments.of("CONNECT with will QoS 3", willQos3));
    }

    /** Before CONNECT there is no session to tell anything: the connection is closed without an answer. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("beforeConnect")
    void aBadFirstPacketClosesTheConnectionWithoutAnAnswer(String what, byte[] first) throws Exception {
        try (RawMqtt client = RawMqtt.open()) {
            client.send(first);
            assertEquals(4400, client.closeCode());
            assertEquals(0, client.bytesReceived(), "no CONNACK, no DISCONNECT");
        }
    }

    @Test
    void anUnknownProtocolLevelIsAnsweredInTheFormEveryVersionReads() throws Exception {
        byte[] connect = connect(MqttVersion.V5, Names.uid("level6"));
        connect[8] = 6; // the protocol level, after the fixed header and the protocol name
        try (RawMqtt client = RawMqtt.open()) {
            client.send(connect);
            assertArrayEquals(bytes(0x20, 0x02, 0x00, 0x01), client.received.poll(RawClient.WAIT.toSeconds(), TimeUnit.SECONDS),
                    "3.1.1's CONNACK with return code 1, unacceptable protocol version (MQTT-3.1.2-2)");
            assertEquals(4400, client.closeCode());
        }
    }

    @Test
    void aTextFrameClosesTheConnectionWith1003() throws Exception {
        for (MqttVersion version : List.of(MqttVersion.V3_1_1, MqttVersion.V5)) {
            try (RawMqtt client = RawMqtt.open()) {
                client.send(connect(version, Names.uid("text")));
                assertInstanceOf(Packet.Connack.class, client.next(version));
                client.socket.sendText("{\"type\":\"pub\"}", true);
                assertEquals(1003, client.closeCode(), "MQTT-6.0.0-1: MQTT travels in binary frames only");
            }
        }
    }

    /** CONNECT with clean session, keep alive 30 s and this client id, written out by hand. */
    static byte[] connect(MqttVersion version, String clientId) {
        byte[] header = concat(string("MQTT"), bytes(version.isV5() ? 5 : 4, 0x02, 0x00, 30));
        byte[] properties = version.isV5() ? new byte[] {0} : new byte[0];
        return packet(0x10, concat(header, properties, string(clientId)));
    }

    /** A packet: the first byte, the remaining length as a variable byte integer, the rest. */
    static byte[] packet(int first, byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        int length = rest.length;
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.writeBytes(rest);
        return out.toByteArray();
    }

    static byte[] string(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return concat(bytes(utf8.length >> 8, utf8.length & 0xFF), utf8);
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A WebSocket with the subprotocol mqtt that sends raw bytes and decodes what the server sends. */
    static final class RawMqtt implements AutoCloseable {
        final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final List<Packet> decoded = new ArrayList<>();
        private MqttDecoder decoder;
        private int bytesReceived;
        WebSocket socket;

        static RawMqtt open() throws Exception {
            RawMqtt client = new RawMqtt();
            URI uri = MqttIT.mqttUri();
            client.socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("mqtt")
                    .connectTimeout(RawClient.WAIT).buildAsync(uri, client.new Listener())
                    .get(RawClient.WAIT.toSeconds(), TimeUnit.SECONDS);
            return client;
        }

        void send(byte[] data) throws Exception {
            socket.sendBinary(ByteBuffer.wrap(data), true).get(RawClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        /** For packets the server may stop reading halfway (an oversize one): the send may fail then. */
        void sendWithoutWaiting(byte[] data) {
            socket.sendBinary(ByteBuffer.wrap(data), true);
        }

        /** The next packet from the server, read as a client of this version reads it. */
        Packet next(MqttVersion version) throws InterruptedException {
            if (decoder == null) {
                decoder = MqttDecoder.forClient(version, 1 << 20);
            }
            while (decoded.isEmpty()) {
                byte[] chunk = received.poll(RawClient.WAIT.toSeconds(), TimeUnit.SECONDS);
                assertNotNull(chunk, "no packet within " + RawClient.WAIT);
                Decoded result = decoder.decode(chunk);
                decoded.addAll(result.packets());
                result.malformed().ifPresent(m -> {
                    throw new AssertionError("the server sent a malformed packet: " + m + " in "
                            + HexFormat.of().formatHex(chunk));
                });
            }
            return decoded.remove(0);
        }

        synchronized int bytesReceived() {
            return bytesReceived;
        }

        int closeCode() throws Exception {
            return closed.get(RawClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            socket.abort();
        }

        private final class Listener implements WebSocket.Listener {
            @Override
            public void onOpen(WebSocket webSocket) {
                webSocket.request(Long.MAX_VALUE);
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                synchronized (RawMqtt.this) {
                    bytesReceived += chunk.length;
                }
                received.add(chunk);
                return null;
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                closed.completeExceptionally(new AssertionError("the MQTT endpoint sent a text frame: " + data));
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-1);
            }
        }
    }
}

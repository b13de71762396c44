package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.mqtt.codec.Decoded;
import io.watchbox.internal.mqtt.codec.MqttDecoder;
import io.watchbox.internal.mqtt.codec.MqttEncoder;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.RandomPackets;
import io.watchbox.internal.protocol.CloseCodes;
import io.watchbox.internal.session.BinaryFrames;
import io.watchbox.testing.Draw;
import io.watchbox.testing.Seeded;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The MQTT side of {@code FrameDecoderPropertyTest}'s session property, at the same strength (300
 * generated sessions of up to 25 inputs): a client that sends CONNECT (or something else first)
 * and then generated packets, valid ones and ones with bytes changed, in chunks of any size, never
 * makes the server throw or fail internally, is only ever sent packets that decode, is told why in
 * a DISCONNECT before a 5.0 protocol close, and costs the bystanders (one MQTT, one JSON client)
 * nothing: each gets every message published after each input, the JSON one with no gap in seq.
 * The MQTT bystander subscribes at QoS 0, so that it needs no acknowledgements of its own.
 * What a packet earns (a PUBACK, a SUBACK failure, a close) is left to the protocol's own tests, so
 * that new features do not break this one.
 */
class MqttSessionPropertyTest {

    private static final String HEALTHY = "healthy/g";
    /** CONNACK with 3.1.1's return code 1, unacceptable protocol version. */
    private static final byte[] UNSUPPORTED_VERSION = {0x20, 0x02, 0x00, 0x01};

    @Test
    void anyPacketStreamEndsAtMostItsOwnConnectionAndBystandersLoseNothing() {
        Seeded.forAll(300, MqttSessionPropertyTest::session, MqttSessionPropertyTest::endsAtMostItsOwnConnection);
    }

    /** What one hostile client sends: its version, then each input as the chunks it arrives in. */
    record Session(MqttVersion version, List<List<byte[]>> inputs) {
        @Override
        public String toString() {
            return version + ": " + inputs.stream()
                    .map(chunks -> chunks.stream().map(HexFormat.of()::formatHex).collect(Collectors.joining(" ", "[", "]")))
                    .collect(Collectors.joining(" | "));
        }
    }

    private static Session session(Random random) {
        MqttVersion version = Draw.oneOf(random, MqttVersion.V3_1_1, MqttVersion.V5);
        List<byte[]> packets = new ArrayList<>();
        packets.add(switch (Draw.index(random, 6, 2, 2)) {
            case 0 -> MqttEncoder.encode(new Packet.Connect(version, "hostile", true, 0, Optional.empty(), Optional.empty(),
                    Optional.empty(), Properties.EMPTY), version);
            case 1 -> MqttEncoder.encode(RandomPackets.connect(random, version, random.nextBoolean()), version);
            default -> MqttEncoder.encode(RandomPackets.after(random, version, true), version);
        });
        for (int i = Draw.between(random, 0, 24); i > 0; i--) {
            packets.add(MqttEncoder.encode(RandomPackets.after(random, version, true), version));
        }
        List<List<byte[]>> inputs = new ArrayList<>();
        for (byte[] packet : packets) {
            inputs.add(chunks(random, random.nextInt(4) == 0 ? changed(random, packet) : packet));
        }
        return new Session(version, inputs);
    }

    /** A packet with one to three bytes flipped, replaced by an edge value, inserted or removed. */
    private static byte[] changed(Random random, byte[] packet) {
        byte[] bytes = packet;
        for (int i = Draw.between(random, 1, 3); i > 0 && bytes.length > 0; i--) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[at] = (byte) (int) Draw.oneOf(random, 0x00, 0x7F, 0x80, 0xFF, 0xC0, 0xED, random.nextInt(256));
                case 2 -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
                default -> {
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter;
                }
            }
        }
        return bytes;
    }

    private static List<byte[]> chunks(Random random, byte[] bytes) {
        List<byte[]> chunks = new ArrayList<>();
        for (int from = 0; from < bytes.length; ) {
            int to = Math.min(bytes.length, from + Draw.between(random, 1, random.nextBoolean() ? 8 : 512));
            chunks.add(Arrays.copyOfRange(bytes, from, to));
            from = to;
        }
        return chunks;
    }

    /**
     * Everything the server sent the hostile client, decoded as a client of its version reads it;
     * fails on a malformed packet. A CONNECT of a version the server does not speak is answered in
     * 3.1.1's form, which every client reads (MQTT-3.1.2-2).
     */
    private static List<Packet> told(MqttClient hostile, MqttVersion version) {
        List<String> sent = hostile.connection.sent();
        boolean unsupportedVersion = !sent.isEmpty() && Arrays.equals(UNSUPPORTED_VERSION, BinaryFrames.bytesOf(sent.get(0)));
        MqttDecoder decoder = MqttDecoder.forClient(unsupportedVersion ? MqttVersion.V3_1_1 : version, Integer.MAX_VALUE);
        List<Packet> packets = new ArrayList<>();
        for (String frame : sent) {
            Decoded decoded = decoder.decode(BinaryFrames.bytesOf(frame));
            decoded.malformed().ifPresent(m -> {
                throw new AssertionError("the server sent a malformed packet: " + m + " in " + HexFormat.of()
                        .formatHex(BinaryFrames.bytesOf(frame)));
            });
            packets.addAll(decoded.packets());
        }
        return packets;
    }

    private static void endsAtMostItsOwnConnection(Session session) throws Exception {
        Broker broker = new Broker(ValidSettings.DEFAULTS.withTimeout(600), new MutableClock(), new RecordingEvents());
        Client json = Client.subscribed(broker, "json-bystander", HEALTHY);
        MqttClient mqtt = new MqttClient(broker, MqttVersion.V5).connect("mqtt-bystander").subscribe(1, HEALTHY, 0);
        MqttClient hostile = new MqttClient(broker, session.version());
        int markers = 0;
        for (List<byte[]> input : session.inputs()) {
            for (byte[] chunk : input) {
                try {
                    hostile.protocol.onBinary(ByteBuffer.wrap(chunk));
                } catch (Throwable t) {
                    throw new AssertionError("onBinary threw " + t, t);
                }
            }
            assertTrue(broker.publish(HEALTHY, "marker " + ++markers) >= 2, "both bystanders are always receivers");
        }

        List<Packet> told = told(hostile, session.version());
        List<Integer> closes = hostile.closeCodes();
        assertFalse(closes.contains(CloseCodes.INTERNAL_ERROR), () -> "an internal error: " + told);
        boolean connected = !told.isEmpty() && told.get(0) instanceof Packet.Connack connack && !connack.reason().isError();
        if (session.version().isV5() && connected && closes.contains(CloseCodes.PROTOCOL_ERROR)) {
            assertInstanceOf(Packet.Disconnect.class, told.get(told.size() - 1), "a 5.0 client is told why first");
        }

        assertEquals(List.of(), json.closeCodes());
        assertEquals(List.of(), mqtt.closeCodes());
        List<String> jsonMarkers = json.texts().stream().filter(t -> t.startsWith("marker ")).toList();
        assertEquals(markers, jsonMarkers.size(), "every marker reached the JSON bystander");
        List<Long> seqs = json.seqs();
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i + 1, seqs.get(i), "no gap in the JSON bystander's seq");
        }
        long mqttMarkers = mqtt.received(Packet.Publish.class).stream()
                .filter(p -> p.topic().equals(HEALTHY) && new String(p.payload().toByteArray(), StandardCharsets.UTF_8).startsWith("marker ")).count();
        assertEquals(markers, mqttMarkers, "every marker reached the MQTT bystander");
    }
}

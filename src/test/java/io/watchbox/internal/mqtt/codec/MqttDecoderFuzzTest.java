package io.watchbox.internal.mqtt.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.testing.Draw;
import io.watchbox.testing.Seeded;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes: the decoder never throws, never allocates more than the packet size it allows
 * (plus what the bytes it was given can fill), refuses only with the reason codes a decoder gives,
 * and whatever it accepts is a packet the encoder can write back.
 */
class MqttDecoderFuzzTest {

    private static final long MAX = 4096;
    private static final Set<ReasonCode> DECODER_REASONS = Set.of(ReasonCode.MALFORMED_PACKET, ReasonCode.PROTOCOL_ERROR,
            ReasonCode.PACKET_TOO_LARGE, ReasonCode.UNSUPPORTED_PROTOCOL_VERSION);

    /** Who reads, and the chunks they get. */
    private record Input(int reader, List<byte[]> chunks) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("reader " + reader + ":");
            chunks.forEach(chunk -> text.append(" [").append(HexFormat.of().formatHex(chunk)).append(']'));
            return text.toString();
        }
    }

    private static MqttDecoder reader(int reader) {
        switch (reader) {
            case 0: return MqttDecoder.forServer(MAX);
            case 1: return Wire.serverAfterConnect(MqttVersion.V3_1_1, MAX);
            case 2: return Wire.serverAfterConnect(MqttVersion.V5, MAX);
            case 3: return MqttDecoder.forClient(MqttVersion.V3_1_1, MAX);
            default: return MqttDecoder.forClient(MqttVersion.V5, MAX);
        }
    }

    private static List<byte[]> chunks(Random random, byte[] bytes) {
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        while (from < bytes.length) {
            int to = Math.min(bytes.length, from + Draw.between(random, 1, random.nextBoolean() ? 8 : 512));
            chunks.add(Arrays.copyOfRange(bytes, from, to));
            from = to;
        }
        return chunks;
    }

    /** Random bytes, often starting with a plausible first byte so that the length and body get read. */
    private static Input soup(Random random) {
        byte[] bytes = new byte[Draw.between(random, 1, 2048)];
        random.nextBytes(bytes);
        if (random.nextBoolean()) {
            bytes[0] = (byte) (Draw.between(random, 1, 15) << 4 | (random.nextInt(4) == 0 ? random.nextInt(16) : 0));
        }
        return new Input(random.nextInt(5), chunks(random, bytes));
    }

    /** A valid stream with a few bytes changed, inserted or removed: it gets past the first checks. */
    private static Input mutated(Random random) {
        int reader = random.nextInt(5);
        MqttVersion version = reader == 0 ? Draw.oneOf(random, MqttVersion.values())
                : reader == 1 || reader == 3 ? MqttVersion.V3_1_1 : MqttVersion.V5;
        boolean toServer = reader < 3;
        List<byte[]> parts = new ArrayList<>();
        if (reader == 0) {
            parts.add(MqttEncoder.encode(RandomPackets.connect(random, version, random.nextBoolean()), version));
        }
        for (int i = Draw.between(random, 1, 6); i > 0; i--) {
            parts.add(MqttEncoder.encode(RandomPackets.after(random, version, toServer), version));
        }
        byte[] bytes = Wire.concat(parts);
        for (int i = Draw.between(random, 1, 4); i > 0 && bytes.length > 0; i--) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0: bytes[at] ^= (byte) (1 << random.nextInt(8)); break;
                case 1: bytes[at] = (byte) (int) Draw.oneOf(random, 0x00, 0x7F, 0x80, 0xFF, 0xC0, 0xED, random.nextInt(256)); break;
                case 2: {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                    break;
                }
                default: {
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter;
                }
            }
        }
        return new Input(reader, chunks(random, bytes));
    }

    private static void neverThrowsAndStaysInBounds(Input input) {
        // The first run loads and initialises classes on this thread, which counts as allocation: the second run is measured.
        read(input, false);
        read(input, true);
    }

    private static void read(Input input, boolean measured) {
        com.sun.management.ThreadMXBean threads = MqttDecoderMalformedTest.allocationCounter();
        MqttDecoder decoder = reader(input.reader());
        for (byte[] chunk : input.chunks()) {
            long before = threads.getCurrentThreadAllocatedBytes();
            Decoded decoded = decoder.decode(ByteBuffer.wrap(chunk));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // One body up to the maximum, and what the chunk's own bytes became: arrays, strings, records.
            long bound = MAX + 64L * chunk.length + 16 * 1024;
            assertTrue(!measured || allocated <= bound, "allocated " + allocated + " bytes for a chunk of " + chunk.length);
            decoded.malformed().ifPresent(refused -> assertTrue(DECODER_REASONS.contains(refused.reason()), refused.toString()));
            MqttVersion version = decoder.version().orElse(null);
            for (Packet packet : decoded.packets()) {
                MqttDecoder again = input.reader() < 3 ? (packet instanceof Packet.Connect ? MqttDecoder.forServer(Wire.MAX)
                        : Wire.serverAfterConnect(version)) : MqttDecoder.forClient(version, Wire.MAX);
                assertEquals(packet, Wire.one(again, MqttEncoder.encode(packet, version)), "what was read is written back");
            }
        }
    }

    @Test
    void randomBytesNeverThrowNorAllocatePastTheMaximumPacketSize() {
        Seeded.forAll(3_000, MqttDecoderFuzzTest::soup, MqttDecoderFuzzTest::neverThrowsAndStaysInBounds);
    }

    @Test
    void validStreamsWithAFewBytesChangedNeverThrowAndWhatIsReadIsWrittenBack() {
        Seeded.forAll(3_000, MqttDecoderFuzzTest::mutated, MqttDecoderFuzzTest::neverThrowsAndStaysInBounds);
    }
}

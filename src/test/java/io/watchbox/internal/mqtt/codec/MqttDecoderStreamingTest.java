package io.watchbox.internal.mqtt.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.testing.Draw;
import io.watchbox.testing.Seeded;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** WebSocket frames cut an MQTT stream anywhere (MQTT-6.0.0): the packets must not depend on where. */
class MqttDecoderStreamingTest {

    /** A connection's worth of packets and their bytes. */
    private record Stream(MqttVersion version, boolean toServer, List<Packet> packets, byte[] bytes) {
        @Override
        public String toString() {
            return version + (toServer ? " to server " : " to client ") + packets;
        }
    }

    private record Cuts(Stream stream, List<Integer> at) {
    }

    private static Stream stream(Random random, int maxPackets) {
        MqttVersion version = Draw.oneOf(random, MqttVersion.values());
        boolean toServer = random.nextBoolean();
        List<Packet> packets = new ArrayList<>();
        if (toServer) {
            packets.add(RandomPackets.connect(random, version, false));
        }
        for (int i = Draw.between(random, 1, maxPackets); i > 0; i--) {
            packets.add(RandomPackets.after(random, version, toServer));
        }
        List<byte[]> parts = new ArrayList<>();
        packets.forEach(packet -> parts.add(MqttEncoder.encode(packet, version)));
        return new Stream(version, toServer, packets, Wire.concat(parts));
    }

    private static MqttDecoder decoder(Stream stream) {
        return stream.toServer() ? MqttDecoder.forServer(Wire.MAX) : MqttDecoder.forClient(stream.version(), Wire.MAX);
    }

    private static List<Packet> decodeAll(MqttDecoder decoder, List<ByteBuffer> chunks) {
        List<Packet> packets = new ArrayList<>();
        for (ByteBuffer chunk : chunks) {
            Decoded decoded = decoder.decode(chunk);
            assertTrue(decoded.malformed().isEmpty(), () -> "refused: " + decoded.malformed().get());
            assertEquals(chunk.limit(), chunk.position(), "the chunk is read to its end");
            packets.addAll(decoded.packets());
        }
        return packets;
    }

    @Test
    void aStreamCutInTwoAtEveryByteGivesTheSamePackets() {
        Seeded.forAll(30, random -> stream(random, 8), stream -> {
            byte[] bytes = stream.bytes();
            for (int cut = 0; cut <= bytes.length; cut++) {
                List<ByteBuffer> chunks = List.of(ByteBuffer.wrap(bytes, 0, cut), ByteBuffer.wrap(Arrays.copyOfRange(bytes, cut, bytes.length)));
                assertEquals(stream.packets(), decodeAll(decoder(stream), chunks), "cut at " + cut);
            }
        });
    }

    @Test
    void aStreamFedOneByteAtATimeOrAllAtOnceGivesTheSamePackets() {
        Seeded.forAll(100, random -> stream(random, 20), stream -> {
            List<ByteBuffer> single = new ArrayList<>();
            for (byte b : stream.bytes()) {
                single.add(ByteBuffer.wrap(new byte[] {b}));
            }
            assertEquals(stream.packets(), decodeAll(decoder(stream), single));
            assertEquals(stream.packets(), decodeAll(decoder(stream), List.of(ByteBuffer.wrap(stream.bytes()))));
        });
    }

    @Test
    void aStreamCutIntoRandomChunksGivesTheSamePackets() {
        Seeded.forAll(300, random -> {
            Stream stream = stream(random, 30);
            List<Integer> cuts = Draw.list(random, 10, r -> r.nextInt(stream.bytes().length + 1));
            return new Cuts(stream, cuts.stream().sorted().toList());
        }, drawn -> {
            List<ByteBuffer> chunks = new ArrayList<>();
            int from = 0;
            for (int cut : drawn.at()) {
                chunks.add(ByteBuffer.wrap(Arrays.copyOfRange(drawn.stream().bytes(), from, cut)));
                from = cut;
            }
            chunks.add(ByteBuffer.wrap(Arrays.copyOfRange(drawn.stream().bytes(), from, drawn.stream().bytes().length)));
            assertEquals(drawn.stream().packets(), decodeAll(decoder(drawn.stream()), chunks));
        });
    }

    @Test
    void aChunkReadsFromItsPositionToItsLimit() {
        byte[] framed = Wire.hex("FF FF C0 00 D0 00 FF");
        MqttDecoder decoder = Wire.serverAfterConnect(MqttVersion.V3_1_1);

        Decoded decoded = decoder.decode(ByteBuffer.wrap(framed, 2, 2));

        assertEquals(List.of(new Packet.Pingreq()), decoded.packets());
    }

    @Test
    void aPayloadDecodedFromOneChunkDoesNotChangeWhenTheChunkIsReused() {
        byte[] chunk = MqttEncoder.encode(new Packet.Publish("t", Bytes.copyOf(new byte[] {1, 2, 3}), 0, false, false, 0, Properties.EMPTY),
                MqttVersion.V3_1_1);
        MqttDecoder decoder = Wire.serverAfterConnect(MqttVersion.V3_1_1);
        Packet.Publish publish = (Packet.Publish) Wire.one(decoder, chunk);

        Arrays.fill(chunk, (byte) 0);

        assertEquals(Bytes.copyOf(new byte[] {1, 2, 3}), publish.payload());
    }
}

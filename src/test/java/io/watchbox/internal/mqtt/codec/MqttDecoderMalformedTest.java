package io.watchbox.internal.mqtt.codec;

import static io.watchbox.internal.mqtt.codec.ReasonCode.MALFORMED_PACKET;
import static io.watchbox.internal.mqtt.codec.ReasonCode.PACKET_TOO_LARGE;
import static io.watchbox.internal.mqtt.codec.ReasonCode.PROTOCOL_ERROR;
import static io.watchbox.internal.mqtt.codec.ReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
import static io.watchbox.internal.mqtt.codec.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input the decoder refuses, and the reason code a 5.0 peer is told. */
class MqttDecoderMalformedTest {

    /** Who reads the bytes. */
    private enum Reader {
        NEW_SERVER(() -> MqttDecoder.forServer(Wire.MAX)),
        SERVER_311(() -> Wire.serverAfterConnect(MqttVersion.V3_1_1)),
        SERVER_5(() -> Wire.serverAfterConnect(MqttVersion.V5)),
        CLIENT_311(() -> MqttDecoder.forClient(MqttVersion.V3_1_1, Wire.MAX)),
        CLIENT_5(() -> MqttDecoder.forClient(MqttVersion.V5, Wire.MAX));

        private final Supplier<MqttDecoder> decoder;

        Reader(Supplier<MqttDecoder> decoder) {
            this.decoder = decoder;
        }
    }

    private record Case(String what, Reader reader, String hex, ReasonCode expected) {
        @Override
        public String toString() {
            return what + " (" + reader + ": " + hex + ")";
        }
    }

    private static final String CONNECT_311 = "10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 63";

    static Stream<Case> cases() {
        return Stream.of(
                // The first packet, and CONNECT
                new Case("PUBLISH before CONNECT", Reader.NEW_SERVER, "30 03 00 01 61", PROTOCOL_ERROR),
                new Case("PINGREQ before CONNECT", Reader.NEW_SERVER, "C0 00", PROTOCOL_ERROR),
                new Case("packet type 0", Reader.NEW_SERVER, "00 00", MALFORMED_PACKET),
                new Case("protocol level 6", Reader.NEW_SERVER, "10 0D 00 04 4D 51 54 54 06 02 00 3C 00 01 63", UNSUPPORTED_PROTOCOL_VERSION),
                new Case("MQTT at level 3", Reader.NEW_SERVER, "10 0D 00 04 4D 51 54 54 03 02 00 3C 00 01 63", UNSUPPORTED_PROTOCOL_VERSION),
                new Case("MQIsdp at level 4", Reader.NEW_SERVER, "10 0F 00 06 4D 51 49 73 64 70 04 02 00 3C 00 01 63", UNSUPPORTED_PROTOCOL_VERSION),
                new Case("protocol name HTTP", Reader.NEW_SERVER, "10 0D 00 04 48 54 54 50 04 02 00 3C 00 01 63", UNSUPPORTED_PROTOCOL_VERSION),
                new Case("CONNECT's fixed header flags", Reader.NEW_SERVER, "11 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 63", MALFORMED_PACKET),
                new Case("reserved connect flag", Reader.NEW_SERVER, "10 0D 00 04 4D 51 54 54 04 03 00 3C 00 01 63", MALFORMED_PACKET),
                new Case("will QoS 3", Reader.NEW_SERVER, "10 0D 00 04 4D 51 54 54 04 1E 00 3C 00 01 63", MALFORMED_PACKET),
                new Case("will retain without a will", Reader.NEW_SERVER, "10 0D 00 04 4D 51 54 54 04 22 00 3C 00 01 63", MALFORMED_PACKET),
                new Case("will QoS without a will", Reader.NEW_SERVER, "10 0D 00 04 4D 51 54 54 04 0A 00 3C 00 01 63", MALFORMED_PACKET),
                new Case("3.1.1 password without user name", Reader.NEW_SERVER, "10 10 00 04 4D 51 54 54 04 42 00 3C 00 01 63 00 01 70", MALFORMED_PACKET),
                new Case("client id not UTF-8", Reader.NEW_SERVER, "10 0E 00 04 4D 51 54 54 04 02 00 3C 00 02 C3 28", MALFORMED_PACKET),
                new Case("client id with U+0000", Reader.NEW_SERVER, "10 0E 00 04 4D 51 54 54 04 02 00 3C 00 02 61 00", MALFORMED_PACKET),
                new Case("client id with an encoded surrogate", Reader.NEW_SERVER, "10 0F 00 04 4D 51 54 54 04 02 00 3C 00 03 ED A0 80", MALFORMED_PACKET),
                new Case("client id with an overlong encoding", Reader.NEW_SERVER, "10 0E 00 04 4D 51 54 54 04 02 00 3C 00 02 C0 AF", MALFORMED_PACKET),
                new Case("client id past the packet's end", Reader.NEW_SERVER, "10 0D 00 04 4D 51 54 54 04 02 00 3C 00 05 63", MALFORMED_PACKET),
                new Case("CONNECT with bytes left over", Reader.NEW_SERVER, "10 0E 00 04 4D 51 54 54 04 02 00 3C 00 01 63 FF", MALFORMED_PACKET),
                new Case("5.0 session expiry twice", Reader.NEW_SERVER,
                        "10 18 00 04 4D 51 54 54 05 02 00 3C 0A 11 00 00 00 0A 11 00 00 00 0A 00 01 63", PROTOCOL_ERROR),
                new Case("5.0 topic alias in CONNECT", Reader.NEW_SERVER, "10 11 00 04 4D 51 54 54 05 02 00 3C 03 23 00 01 00 01 63", MALFORMED_PACKET),
                new Case("5.0 unknown property 0x7F", Reader.NEW_SERVER, "10 0F 00 04 4D 51 54 54 05 02 00 3C 01 7F 00 01 63", MALFORMED_PACKET),
                new Case("5.0 receive maximum 0", Reader.NEW_SERVER, "10 11 00 04 4D 51 54 54 05 02 00 3C 03 21 00 00 00 01 63", PROTOCOL_ERROR),
                new Case("5.0 request problem information 2", Reader.NEW_SERVER, "10 10 00 04 4D 51 54 54 05 02 00 3C 02 17 02 00 01 63", PROTOCOL_ERROR),
                new Case("5.0 authentication data without a method", Reader.NEW_SERVER,
                        "10 12 00 04 4D 51 54 54 05 02 00 3C 04 16 00 01 78 00 01 63", PROTOCOL_ERROR),
                new Case("5.0 property length past the packet", Reader.NEW_SERVER, "10 0E 00 04 4D 51 54 54 05 02 00 3C 20 00 01 63", MALFORMED_PACKET),
                new Case("a second CONNECT", Reader.SERVER_311, CONNECT_311, PROTOCOL_ERROR),
                // The fixed header
                new Case("remaining length of 5 bytes", Reader.SERVER_311, "30 FF FF FF FF 7F", MALFORMED_PACKET),
                new Case("remaining length not in its shortest form", Reader.SERVER_311, "C0 80 00", MALFORMED_PACKET),
                new Case("PUBLISH QoS 3", Reader.SERVER_311, "36 05 00 01 61 00 01", MALFORMED_PACKET),
                new Case("PUBREL flags 0", Reader.SERVER_311, "60 02 00 01", MALFORMED_PACKET),
                new Case("SUBSCRIBE flags 0", Reader.SERVER_311, "80 06 00 01 00 01 61 00", MALFORMED_PACKET),
                new Case("UNSUBSCRIBE flags 0", Reader.SERVER_311, "A0 05 00 01 00 01 61", MALFORMED_PACKET),
                new Case("PINGREQ flags 1", Reader.SERVER_311, "C1 00", MALFORMED_PACKET),
                new Case("PUBACK flags 1", Reader.SERVER_311, "41 02 00 01", MALFORMED_PACKET),
                new Case("DISCONNECT flags 2", Reader.SERVER_311, "E2 00", MALFORMED_PACKET),
                new Case("AUTH in 3.1.1", Reader.SERVER_311, "F0 00", MALFORMED_PACKET),
                // PUBLISH
                new Case("QoS 1 with packet id 0", Reader.SERVER_311, "32 05 00 01 61 00 00", MALFORMED_PACKET),
                new Case("QoS 0 with DUP", Reader.SERVER_311, "38 03 00 01 61", MALFORMED_PACKET),
                new Case("topic with U+0000", Reader.SERVER_311, "30 03 00 01 00", MALFORMED_PACKET),
                new Case("3.1.1 empty topic", Reader.SERVER_311, "30 02 00 00", PROTOCOL_ERROR),
                new Case("5.0 empty topic without an alias", Reader.SERVER_5, "30 03 00 00 00", PROTOCOL_ERROR),
                new Case("5.0 topic alias 0", Reader.SERVER_5, "30 07 00 01 61 03 23 00 00", PROTOCOL_ERROR),
                new Case("5.0 subscription identifier from a client", Reader.SERVER_5, "30 06 00 01 61 02 0B 01", PROTOCOL_ERROR),
                new Case("5.0 response topic with +", Reader.SERVER_5, "30 09 00 01 61 05 08 00 02 72 2B", PROTOCOL_ERROR),
                new Case("5.0 response topic with #", Reader.SERVER_5, "30 09 00 01 61 05 08 00 02 72 23", PROTOCOL_ERROR),
                new Case("5.0 empty response topic", Reader.SERVER_5, "30 07 00 01 61 03 08 00 00", PROTOCOL_ERROR),
                new Case("5.0 message expiry twice", Reader.SERVER_5, "30 0E 00 01 61 0A 02 00 00 00 01 02 00 00 00 01", PROTOCOL_ERROR),
                new Case("5.0 session expiry in PUBLISH", Reader.SERVER_5, "30 09 00 01 61 05 11 00 00 00 01", MALFORMED_PACKET),
                new Case("5.0 payload format indicator 2", Reader.SERVER_5, "30 06 00 01 61 02 01 02", PROTOCOL_ERROR),
                new Case("5.0 string property past its property length", Reader.SERVER_5, "30 08 00 01 61 02 03 00 05 61", MALFORMED_PACKET),
                // SUBSCRIBE, UNSUBSCRIBE
                new Case("3.1.1 SUBSCRIBE without a filter", Reader.SERVER_311, "82 02 00 01", PROTOCOL_ERROR),
                new Case("5.0 SUBSCRIBE without a filter", Reader.SERVER_5, "82 03 00 01 00", PROTOCOL_ERROR),
                new Case("SUBSCRIBE with packet id 0", Reader.SERVER_311, "82 06 00 00 00 01 61 00", MALFORMED_PACKET),
                new Case("3.1.1 reserved bits of the requested QoS", Reader.SERVER_311, "82 06 00 01 00 01 61 04", MALFORMED_PACKET),
                new Case("3.1.1 subscription at QoS 3", Reader.SERVER_311, "82 06 00 01 00 01 61 03", MALFORMED_PACKET),
                new Case("5.0 reserved bits of the subscription options", Reader.SERVER_5, "82 07 00 01 00 00 01 61 40", MALFORMED_PACKET),
                new Case("5.0 subscription at QoS 3", Reader.SERVER_5, "82 07 00 01 00 00 01 61 03", MALFORMED_PACKET),
                new Case("5.0 retain handling 3", Reader.SERVER_5, "82 07 00 01 00 00 01 61 30", PROTOCOL_ERROR),
                new Case("5.0 no local on a shared subscription", Reader.SERVER_5,
                        "82 10 00 01 00 00 0A 24 73 68 61 72 65 2F 67 2F 74 04", PROTOCOL_ERROR),
                new Case("5.0 two subscription identifiers", Reader.SERVER_5, "82 0B 00 01 04 0B 01 0B 02 00 01 61 00", PROTOCOL_ERROR),
                new Case("5.0 subscription identifier 0", Reader.SERVER_5, "82 09 00 01 02 0B 00 00 01 61 00", PROTOCOL_ERROR),
                new Case("5.0 subscription identifier not in its shortest form", Reader.SERVER_5, "82 0A 00 01 03 0B 81 00 00 01 61 00", MALFORMED_PACKET),
                new Case("UNSUBSCRIBE without a filter", Reader.SERVER_311, "A2 02 00 01", PROTOCOL_ERROR),
                // The rest
                new Case("PINGREQ with a body", Reader.SERVER_311, "C0 01 00", MALFORMED_PACKET),
                new Case("3.1.1 PUBACK with a reason code", Reader.SERVER_311, "40 03 00 01 00", MALFORMED_PACKET),
                new Case("3.1.1 DISCONNECT with a body", Reader.SERVER_311, "E0 01 00", MALFORMED_PACKET),
                new Case("5.0 PUBACK with a DISCONNECT reason code", Reader.SERVER_5, "40 03 00 01 81", MALFORMED_PACKET),
                new Case("5.0 DISCONNECT reason 0x05", Reader.SERVER_5, "E0 01 05", MALFORMED_PACKET),
                new Case("a server sent CONNACK", Reader.SERVER_311, "20 02 00 00", PROTOCOL_ERROR),
                new Case("a server sent SUBACK", Reader.SERVER_5, "90 04 00 01 00 00", PROTOCOL_ERROR),
                new Case("a server sent PINGRESP", Reader.SERVER_311, "D0 00", PROTOCOL_ERROR),
                new Case("CONNACK reserved flags", Reader.CLIENT_311, "20 02 02 00", MALFORMED_PACKET),
                new Case("3.1.1 CONNACK return code 6", Reader.CLIENT_311, "20 02 00 06", MALFORMED_PACKET),
                new Case("5.0 session present with a refusal", Reader.CLIENT_5, "20 03 01 80 00", PROTOCOL_ERROR),
                new Case("3.1.1 SUBACK return code 3", Reader.CLIENT_311, "90 03 00 01 03", MALFORMED_PACKET),
                new Case("5.0 SUBACK without a code", Reader.CLIENT_5, "90 03 00 01 00", PROTOCOL_ERROR),
                new Case("a client sent SUBSCRIBE", Reader.CLIENT_311, "82 06 00 01 00 01 61 00", PROTOCOL_ERROR),
                new Case("a client sent PINGREQ", Reader.CLIENT_5, "C0 00", PROTOCOL_ERROR),
                new Case("DISCONNECT to a 3.1.1 client", Reader.CLIENT_311, "E0 00", PROTOCOL_ERROR));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void isRefusedWithItsReasonCode(Case bad) {
        Decoded decoded = bad.reader().decoder.get().decode(Wire.hex(bad.hex()));

        assertEquals(List.of(), decoded.packets());
        assertTrue(decoded.malformed().isPresent(), "not refused");
        assertEquals(bad.expected(), decoded.malformed().get().reason(), decoded.malformed().get().detail());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void isRefusedWhenItArrivesOneByteAtATime(Case bad) {
        MqttDecoder decoder = bad.reader().decoder.get();
        Optional<Malformed> refused = Optional.empty();
        for (byte b : Wire.hex(bad.hex())) {
            Decoded decoded = decoder.decode(new byte[] {b});
            assertEquals(List.of(), decoded.packets());
            refused = refused.or(decoded::malformed);
        }

        assertEquals(bad.expected(), refused.orElseThrow().reason());
    }

    @Test
    void whatCameBeforeTheBadPacketIsDeliveredAndNothingAfterIt() {
        MqttDecoder decoder = Wire.serverAfterConnect(MqttVersion.V3_1_1);

        Decoded decoded = decoder.decode(Wire.hex("C0 00 C0 00 C1 00 C0 00"));

        assertEquals(List.of(new Packet.Pingreq(), new Packet.Pingreq()), decoded.packets());
        assertEquals(new Malformed(MALFORMED_PACKET, "PINGREQ with reserved flags 0x1 (MQTT-2.2.2-2)", PacketType.PINGREQ),
                decoded.malformed().orElseThrow());
        assertEquals(decoded.malformed(), decoder.decode(Wire.hex("C0 00")).malformed(), "a broken stream stays broken");
        assertEquals(List.of(), decoder.decode(Wire.hex("C0 00")).packets());
    }

    @Test
    void aRefusedConnectStillTellsItsVersionSoTheRefusalCanBeAnsweredInIt() {
        MqttDecoder decoder = MqttDecoder.forServer(Wire.MAX);

        Decoded decoded = decoder.decode(Wire.hex("10 18 00 04 4D 51 54 54 05 02 00 3C 0A 11 00 00 00 0A 11 00 00 00 0A 00 01 63"));

        assertEquals(PacketType.CONNECT, decoded.malformed().orElseThrow().packet());
        assertEquals(Optional.of(MqttVersion.V5), decoder.version());
        assertEquals(Optional.empty(), MqttDecoder.forServer(Wire.MAX).version());
    }

    @Test
    void mqtt5TakesAPasswordWithoutAUserNameAndRepeatedUserProperties() {
        MqttDecoder decoder = MqttDecoder.forServer(Wire.MAX);
        Packet.Connect connect = (Packet.Connect) Wire.one(decoder, Wire.hex("10 11 00 04 4D 51 54 54 05 42 00 3C 00 00 01 63 00 01 70"));
        assertEquals(Optional.empty(), connect.userName());
        assertEquals(Optional.of(Bytes.copyOf(new byte[] {0x70})), connect.password());

        Packet.Publish publish = (Packet.Publish) Wire.one(decoder, Wire.hex("30 10 00 01 61 0C 26 00 01 6B 00 00 26 00 01 6B 00 00"));
        assertEquals(List.of(new UserProperty("k", ""), new UserProperty("k", "")), publish.properties().userProperties());
    }

    @Test
    void theMaximumPacketSizeCountsTheWholePacket() {
        byte[] tenBytes = MqttEncoder.encode(new Packet.Publish("t", Bytes.copyOf(new byte[5]), 0, false, false, 0, Properties.EMPTY),
                MqttVersion.V3_1_1);
        byte[] elevenBytes = MqttEncoder.encode(new Packet.Publish("t", Bytes.copyOf(new byte[6]), 0, false, false, 0, Properties.EMPTY),
                MqttVersion.V3_1_1);
        assertEquals(10, tenBytes.length);

        MqttDecoder small = MqttDecoder.forClient(MqttVersion.V3_1_1, 10);
        assertTrue(small.decode(tenBytes).malformed().isEmpty());
        assertEquals(PACKET_TOO_LARGE, MqttDecoder.forClient(MqttVersion.V3_1_1, 10).decode(elevenBytes).malformed().orElseThrow().reason());
    }

    @Test
    void aHugeRemainingLengthIsRefusedFromTheHeaderWithoutAllocatingTheBody() {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        MqttDecoder decoder = Wire.serverAfterConnect(MqttVersion.V5, 64 * 1024);

        long before = threads.getCurrentThreadAllocatedBytes();
        Decoded decoded = decoder.decode(Wire.hex("30 FF FF FF 7F 00 01 61"));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        Malformed refused = decoded.malformed().orElseThrow();
        assertEquals(PACKET_TOO_LARGE, refused.reason());
        assertEquals("PUBLISH of 268435460 bytes is over the maximum packet size of 65536", refused.detail());
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for a refused 256 MB packet");
    }

    @Test
    void theLengthIsRefusedBeforeTheBodyArrives() {
        MqttDecoder decoder = Wire.serverAfterConnect(MqttVersion.V3_1_1, 1024);

        assertEquals(Optional.empty(), decoder.decode(Wire.hex("30 81")).malformed());
        assertEquals(PACKET_TOO_LARGE, decoder.decode(Wire.hex("08")).malformed().orElseThrow().reason(), "1 + 2 + 1025 bytes");
    }

    static com.sun.management.ThreadMXBean allocationCounter() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "this JVM does not count allocated bytes");
        com.sun.management.ThreadMXBean counting = (com.sun.management.ThreadMXBean) threads;
        assumeTrue(counting.isThreadAllocatedMemorySupported() && counting.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes");
        return counting;
    }
}

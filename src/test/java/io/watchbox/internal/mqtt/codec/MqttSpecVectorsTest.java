package io.watchbox.internal.mqtt.codec;

import static io.watchbox.internal.mqtt.codec.Wire.hex;
import static io.watchbox.internal.mqtt.codec.Wire.one;
import static io.watchbox.internal.mqtt.codec.Wire.serverAfterConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Byte-exact packets, written by hand from the OASIS MQTT 3.1.1 and 5.0 specifications. */
class MqttSpecVectorsTest {

    private static Bytes ascii(String text) {
        return Bytes.copyOf(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Both ways: the encoder writes these bytes, and a decoder reads them back as the packet. */
    private static void pin(Packet packet, MqttVersion version, String expectedHex, MqttDecoder reader) {
        assertEquals(expectedHex, hex(MqttEncoder.encode(packet, version)), packet.toString());
        assertEquals(packet, one(reader, Wire.hex(expectedHex)));
    }

    @Test
    void pingreqPingrespAndA311Disconnect() {
        pin(new Packet.Pingreq(), MqttVersion.V3_1_1, "C0 00", serverAfterConnect(MqttVersion.V3_1_1));
        pin(new Packet.Pingresp(), MqttVersion.V3_1_1, "D0 00", MqttDecoder.forClient(MqttVersion.V3_1_1, 100));
        pin(new Packet.Disconnect(ReasonCode.NORMAL_DISCONNECTION, Properties.EMPTY), MqttVersion.V3_1_1, "E0 00",
                serverAfterConnect(MqttVersion.V3_1_1));
    }

    @Test
    void a311ConnectWithAClientId() {
        Packet.Connect connect = new Packet.Connect(MqttVersion.V3_1_1, "test", true, 60,
                Optional.empty(), Optional.empty(), Optional.empty(), Properties.EMPTY);

        pin(connect, MqttVersion.V3_1_1, "10 10 00 04 4D 51 54 54 04 02 00 3C 00 04 74 65 73 74", MqttDecoder.forServer(100));
    }

    /** Section 3.1.2.10 of 3.1.1, figure 3.6: the variable header "00 04 MQTT 04 CE 00 0A". */
    @Test
    void the311SpecsConnectVariableHeaderExample() {
        Packet.Connect connect = new Packet.Connect(MqttVersion.V3_1_1, "c", true, 10, Optional.of("u"), Optional.of(ascii("p")),
                Optional.of(new Packet.Will("w", ascii("x"), 1, false, Properties.EMPTY)), Properties.EMPTY);

        pin(connect, MqttVersion.V3_1_1,
                "10 19 00 04 4D 51 54 54 04 CE 00 0A 00 01 63 00 01 77 00 01 78 00 01 75 00 01 70", MqttDecoder.forServer(100));
    }

    /** Section 3.1.2.11.9 of 5.0, figure 3-8: "... 05 CE 00 0A 05 11 00 00 00 0A", a session expiry of 10. */
    @Test
    void the5SpecsConnectVariableHeaderExample() {
        Packet.Connect connect = new Packet.Connect(MqttVersion.V5, "c", true, 10, Optional.of("u"), Optional.of(ascii("p")),
                Optional.of(new Packet.Will("w", ascii("x"), 1, false, Properties.EMPTY)),
                Properties.builder().number(Property.SESSION_EXPIRY_INTERVAL, 10).build());

        pin(connect, MqttVersion.V5,
                "10 20 00 04 4D 51 54 54 05 CE 00 0A 05 11 00 00 00 0A 00 01 63 00 00 01 77 00 01 78 00 01 75 00 01 70",
                MqttDecoder.forServer(100));
    }

    @Test
    void anMqtt31Connect() {
        Packet.Connect connect = new Packet.Connect(MqttVersion.V3_1, "c", true, 60,
                Optional.empty(), Optional.empty(), Optional.empty(), Properties.EMPTY);

        pin(connect, MqttVersion.V3_1, "10 0F 00 06 4D 51 49 73 64 70 03 02 00 3C 00 01 63", MqttDecoder.forServer(100));
    }

    @Test
    void aQos1Publish() {
        Packet.Publish publish = new Packet.Publish("a/b", ascii("hi"), 1, false, false, 10, Properties.EMPTY);

        pin(publish, MqttVersion.V3_1_1, "32 09 00 03 61 2F 62 00 0A 68 69", serverAfterConnect(MqttVersion.V3_1_1));
        pin(publish, MqttVersion.V5, "32 0A 00 03 61 2F 62 00 0A 00 68 69", serverAfterConnect(MqttVersion.V5));
    }

    @Test
    void aRetainedQos2DuplicatePublishSetsItsFlags() {
        Packet.Publish publish = new Packet.Publish("t", Bytes.EMPTY, 2, true, true, 1, Properties.EMPTY);

        pin(publish, MqttVersion.V3_1_1, "3D 05 00 01 74 00 01", serverAfterConnect(MqttVersion.V3_1_1));
    }

    @Test
    void connacksAndSubacks() {
        MqttDecoder v3 = MqttDecoder.forClient(MqttVersion.V3_1_1, 100);
        pin(new Packet.Connack(true, ReasonCode.SUCCESS, Properties.EMPTY), MqttVersion.V3_1_1, "20 02 01 00", v3);
        pin(new Packet.Connack(false, ReasonCode.NOT_AUTHORIZED, Properties.EMPTY), MqttVersion.V3_1_1, "20 02 00 05", v3);
        pin(new Packet.Suback(1, List.of(ReasonCode.GRANTED_QOS_1, ReasonCode.UNSPECIFIED_ERROR), Properties.EMPTY),
                MqttVersion.V3_1_1, "90 04 00 01 01 80", v3);

        MqttDecoder v5 = MqttDecoder.forClient(MqttVersion.V5, 100);
        pin(new Packet.Connack(false, ReasonCode.SUCCESS, Properties.builder().number(Property.RECEIVE_MAXIMUM, 20).build()),
                MqttVersion.V5, "20 06 00 00 03 21 00 14", v5);
        pin(new Packet.Suback(1, List.of(ReasonCode.NOT_AUTHORIZED), Properties.EMPTY), MqttVersion.V5, "90 04 00 01 00 87", v5);
    }

    @Test
    void mqtt5AcknowledgementsUseTheirShortForms() {
        MqttDecoder server = serverAfterConnect(MqttVersion.V5);
        pin(new Packet.Puback(1, ReasonCode.SUCCESS, Properties.EMPTY), MqttVersion.V5, "40 02 00 01", server);
        pin(new Packet.Puback(1, ReasonCode.NO_MATCHING_SUBSCRIBERS, Properties.EMPTY), MqttVersion.V5, "40 03 00 01 10", server);
        pin(new Packet.Pubrel(2, ReasonCode.SUCCESS, Properties.EMPTY), MqttVersion.V5, "62 02 00 02", server);
        pin(new Packet.Disconnect(ReasonCode.ADMINISTRATIVE_ACTION, Properties.EMPTY), MqttVersion.V5, "E0 01 98",
                MqttDecoder.forClient(MqttVersion.V5, 100));
        pin(new Packet.Disconnect(ReasonCode.NORMAL_DISCONNECTION, Properties.EMPTY), MqttVersion.V5, "E0 00", server);
        // A reader takes the long forms too: reason code and an empty property length.
        assertEquals(new Packet.Puback(1, ReasonCode.SUCCESS, Properties.EMPTY), one(server, Wire.hex("40 04 00 01 00 00")));
    }

    @Test
    void aSubscribeWithOptionsAndASubscriptionIdentifier() {
        Packet.Subscribe subscribe = new Packet.Subscribe(1,
                List.of(new Packet.Subscription("a", 2, true, true, 2), Packet.Subscription.of("b", 0)),
                Properties.builder().subscriptionIdentifier(200).build());

        pin(subscribe, MqttVersion.V5, "82 0E 00 01 03 0B C8 01 00 01 61 2E 00 01 62 00", serverAfterConnect(MqttVersion.V5));
    }

    /** The table of section 1.5.5 (5.0) / 2.2.3 (3.1.1). */
    @Test
    void variableByteIntegersAtTheEdgesOfEachLength() throws MalformedPacket {
        int[] values = {0, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455};
        String[] encodings = {"00", "7F", "80 01", "FF 7F", "80 80 01", "FF FF 7F", "80 80 80 01", "FF FF FF 7F"};
        for (int i = 0; i < values.length; i++) {
            ByteBuffer out = ByteBuffer.allocate(4);
            new Sink.Buffer(out).varint(values[i]);
            byte[] written = java.util.Arrays.copyOf(out.array(), out.position());
            assertEquals(encodings[i], hex(written));
            assertEquals(written.length, Varint.size(values[i]));
            assertEquals(values[i], new BodyReader(written).varint("value"));
        }
    }
}

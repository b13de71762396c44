package io.watchbox.internal.mqtt.codec;

import static io.watchbox.internal.mqtt.codec.Wire.hex;
import static io.watchbox.internal.mqtt.codec.Wire.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.testing.Draw;
import io.watchbox.testing.Seeded;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MqttCodecRoundTripTest {

    /** A packet type, the version and the side it travels to. */
    private record Route(PacketType type, MqttVersion version, boolean toServer) {
    }

    private record Routed(Route route, Packet packet) {
    }

    private static List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (MqttVersion version : MqttVersion.values()) {
            for (PacketType type : PacketType.values()) {
                for (boolean toServer : new boolean[] {true, false}) {
                    if (type.travels(toServer, version)) {
                        routes.add(new Route(type, version, toServer));
                    }
                }
            }
        }
        return routes;
    }

    @Test
    void everyPacketTypeInEveryVersionWithEveryPropertyItMayCarryRoundTrips() {
        // Each try draws one packet of every route, with every property its place allows.
        Seeded.forAll(20, random -> {
            List<Packet> packets = new ArrayList<>();
            for (Route route : routes()) {
                packets.add(RandomPackets.of(random, route.type(), route.version(), route.toServer(), true));
            }
            return packets;
        }, packets -> {
            List<Route> routes = routes();
            for (int i = 0; i < routes.size(); i++) {
                Route route = routes.get(i);
                assertEquals(packets.get(i), roundTrip(packets.get(i), route.version(), route.toServer()), route.toString());
            }
        });
    }

    @Test
    void randomPacketsWithSomePropertiesRoundTrip() {
        Seeded.forAll(2_000, random -> {
            Route route = Draw.oneOf(random, routes());
            return new Routed(route, RandomPackets.of(random, route.type(), route.version(), route.toServer(), false));
        }, drawn -> {
            Route route = drawn.route();
            assertEquals(drawn.packet(), roundTrip(drawn.packet(), route.version(), route.toServer()));
        });
    }

    @Test
    void aPublishKeepsEveryPublishPropertyAndTheOrderOfUserProperties() {
        Properties properties = Properties.builder()
                .number(Property.PAYLOAD_FORMAT_INDICATOR, 1)
                .number(Property.MESSAGE_EXPIRY_INTERVAL, 0xFFFF_FFFFL)
                .string(Property.CONTENT_TYPE, "text/plain")
                .string(Property.RESPONSE_TOPIC, "replies/7")
                .binary(Property.CORRELATION_DATA, Bytes.copyOf(new byte[] {0, 1, (byte) 0xFF}))
                .number(Property.TOPIC_ALIAS, 3)
                .userProperty("k", "2").userProperty("a", "1").userProperty("k", "1")
                .subscriptionIdentifier(Varint.MAX).subscriptionIdentifier(1)
                .build();
        Packet.Publish publish = new Packet.Publish("a/b", Bytes.copyOf("hi".getBytes(StandardCharsets.UTF_8)), 2, true, true, 65535, properties);

        Packet.Publish read = (Packet.Publish) roundTrip(publish, MqttVersion.V5, false);

        assertEquals(publish, read);
        assertEquals(List.of(new UserProperty("k", "2"), new UserProperty("a", "1"), new UserProperty("k", "1")),
                read.properties().userProperties());
        assertEquals(List.of(Varint.MAX, 1), read.properties().subscriptionIdentifiers());
        assertEquals(0xFFFF_FFFFL, read.properties().number(Property.MESSAGE_EXPIRY_INTERVAL).getAsLong());
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void aConnectWithWillUserAndPasswordRoundTrips(MqttVersion version) {
        Packet.Connect connect = new Packet.Connect(version, "client-1", false, 65535, Optional.of("ann"),
                Optional.of(Bytes.copyOf(new byte[] {1, 2, 0})),
                Optional.of(new Packet.Will("last/words", Bytes.copyOf("bye".getBytes(StandardCharsets.UTF_8)), 2, true, Properties.EMPTY)),
                Properties.EMPTY);

        assertEquals(connect, roundTrip(connect, version, true));
    }

    @Test
    void mqtt5AcceptsAPasswordWithoutAUserName() {
        Packet.Connect connect = new Packet.Connect(MqttVersion.V5, "", true, 0, Optional.empty(),
                Optional.of(Bytes.copyOf("token".getBytes(StandardCharsets.UTF_8))), Optional.empty(), Properties.EMPTY);

        assertEquals(connect, roundTrip(connect, MqttVersion.V5, true));
        assertThrows(IllegalArgumentException.class, () -> MqttEncoder.encode(
                new Packet.Connect(MqttVersion.V3_1_1, "", true, 0, Optional.empty(), connect.password(), Optional.empty(), Properties.EMPTY),
                MqttVersion.V3_1_1));
    }

    @Test
    void mqtt311LeavesOutWhatItHasNoWordFor() {
        Properties reason = Properties.builder().string(Property.REASON_STRING, "no").build();

        assertEquals("40 02 00 07", hex(MqttEncoder.encode(new Packet.Puback(7, ReasonCode.NOT_AUTHORIZED, reason), MqttVersion.V3_1_1)));
        assertEquals("90 05 00 07 00 02 80", hex(MqttEncoder.encode(new Packet.Suback(7,
                List.of(ReasonCode.GRANTED_QOS_0, ReasonCode.GRANTED_QOS_2, ReasonCode.TOPIC_FILTER_INVALID), reason), MqttVersion.V3_1_1)));
        assertEquals("B0 02 00 07", hex(MqttEncoder.encode(new Packet.Unsuback(7, List.of(ReasonCode.SUCCESS), reason), MqttVersion.V3_1_1)));
        assertEquals("20 02 00 05", hex(MqttEncoder.encode(new Packet.Connack(false, ReasonCode.BANNED, reason), MqttVersion.V3_1_1)));
        assertEquals("20 02 00 03", hex(MqttEncoder.encode(new Packet.Connack(false, ReasonCode.QUOTA_EXCEEDED, reason), MqttVersion.V3_1_1)));
        assertEquals("82 06 00 07 00 01 61 01", hex(MqttEncoder.encode(new Packet.Subscribe(7,
                List.of(new Packet.Subscription("a", 1, true, true, 2)), Properties.EMPTY), MqttVersion.V3_1_1)));
        assertThrows(IllegalArgumentException.class, () -> MqttEncoder.encode(new Packet.Auth(ReasonCode.SUCCESS, Properties.EMPTY), MqttVersion.V3_1_1));
    }

    @Test
    void anMqtt31ConnackNeverSaysSessionPresent() {
        assertEquals("20 02 00 00", hex(MqttEncoder.encode(new Packet.Connack(true, ReasonCode.SUCCESS, Properties.EMPTY), MqttVersion.V3_1)));
    }

    @Test
    void theEncoderWritesIntoABufferAtItsPosition() {
        ByteBuffer out = ByteBuffer.allocate(10);
        out.put((byte) 0x55);

        MqttEncoder.encode(new Packet.Pingreq(), MqttVersion.V5, out);

        assertEquals(3, out.position());
        assertEquals("55 C0 00", hex(java.util.Arrays.copyOf(out.array(), 3)));
        assertThrows(IllegalArgumentException.class, () -> MqttEncoder.encode(new Packet.Pingreq(), MqttVersion.V5, ByteBuffer.allocate(1)));
    }

    @Test
    void theEncoderRefusesStringsMqttCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> MqttEncoder.encode(publish("a\u0000b", 0), MqttVersion.V5));
        assertThrows(IllegalArgumentException.class, () -> MqttEncoder.encode(publish("a\uD800b", 0), MqttVersion.V5));
        assertThrows(IllegalArgumentException.class, () -> MqttEncoder.encode(publish("x".repeat(65536), 0), MqttVersion.V5));
        assertEquals(publish("\uD83D\uDE00", 0), roundTrip(publish("\uD83D\uDE00", 0), MqttVersion.V5, true));
    }

    @Test
    void anEncodedPublishIsSharedAtQos0AndGetsEachSubscribersPacketIdAbove() {
        Seeded.forAll(300, random -> {
            MqttVersion version = Draw.oneOf(random, MqttVersion.values());
            return new Subscriber(version, RandomPackets.publish(random, version, false, false), RandomPackets.packetId(random), random.nextBoolean());
        }, drawn -> {
            MqttVersion version = drawn.version();
            Packet.Publish publish = drawn.publish();
            int packetId = drawn.packetId();
            boolean dup = drawn.dup();
            EncodedPublish encoded = EncodedPublish.of(publish, version);
            if (publish.qos() == 0) {
                assertArrayEquals(MqttEncoder.encode(publish, version), bytes(encoded.shared()));
                assertTrue(encoded.shared().isReadOnly());
                return;
            }
            Packet.Publish forOne = new Packet.Publish(publish.topic(), publish.payload(), publish.qos(), publish.retain(), dup,
                    packetId, publish.properties());
            assertArrayEquals(MqttEncoder.encode(forOne, version), bytes(encoded.withPacketId(packetId, dup)));
        });
    }

    @Test
    void bytesAreEqualByContentAndNeverExposeTheirArray() {
        byte[] source = {1, 2, 3};
        Bytes bytes = Bytes.copyOf(source);
        source[0] = 9;
        bytes.toByteArray()[1] = 9;

        assertEquals(Bytes.copyOf(new byte[] {1, 2, 3}), bytes);
        assertEquals(Bytes.copyOf(new byte[] {1, 2, 3}).hashCode(), bytes.hashCode());
        assertTrue(bytes.asReadOnlyBuffer().isReadOnly());
        assertEquals("3 bytes 010203", bytes.toString());
    }

    private record Subscriber(MqttVersion version, Packet.Publish publish, int packetId, boolean dup) {
    }

    private static Packet.Publish publish(String topic, int qos) {
        return new Packet.Publish(topic, Bytes.EMPTY, qos, false, false, qos == 0 ? 0 : 1, Properties.EMPTY);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}

package io.watchbox.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RelayCodecTest {

    @Test
    void aFrameComesBackAsItWent() {
        RelayFrame frame = new RelayFrame("r1", 42, 7, "sport/tennis/player1", "alice", Payload.ofText("héllo 🌍 \"quoted\""));
        assertEquals(Optional.of(frame), RelayCodec.decode(RelayCodec.encode(frame)));
    }

    @Test
    void aPayloadThatIsNotUtf8CrossesByteForByte() {
        byte[] bytes = {(byte) 0xC3, 0x28, 0, (byte) 0xFF, (byte) 0xFE};
        RelayFrame frame = RelayCodec.decode(RelayCodec.encode(new RelayFrame("r1", 1, 1, "raw", "plc",
                Payload.ofBytes(bytes)))).orElseThrow();

        assertArrayEquals(bytes, frame.payload().toByteArray());
        assertFalse(frame.payload().isText());
    }

    @Test
    void aServerPublishHasNoSender() {
        RelayFrame frame = new RelayFrame("r1", 1, 1, "news", null, Payload.ofText(""));
        assertEquals(Optional.of(frame), RelayCodec.decode(RelayCodec.encode(frame)));
    }

    @Test
    void theSequenceNumbersAreStampedAfterEncoding() {
        byte[] bytes = RelayCodec.encode("r1", "g", "u", Payload.ofText("m"));
        RelayCodec.stamp(bytes, Long.MAX_VALUE, 3);
        RelayFrame frame = RelayCodec.decode(bytes).orElseThrow();
        assertEquals(Long.MAX_VALUE, frame.seq());
        assertEquals(3, frame.groupSeq());
    }

    @Test
    void bytesThatAreNotAFrameOfThisVersionAreNone() {
        byte[] good = RelayCodec.encode(new RelayFrame("r1", 7, 2, "g", "u", Payload.ofText("message")));
        assertTrue(RelayCodec.decode(new byte[0]).isEmpty());
        assertTrue(RelayCodec.decode("hello".getBytes(StandardCharsets.UTF_8)).isEmpty());
        byte[] otherVersion = good.clone();
        otherVersion[0] = 1; // the one shared channel's frame, before channels per group
        assertTrue(RelayCodec.decode(otherVersion).isEmpty());
        for (int length = 0; length < good.length; length++) {
            assertTrue(RelayCodec.decode(Arrays.copyOf(good, length)).isEmpty(), "cut at " + length);
        }
        assertTrue(RelayCodec.decode(Arrays.copyOf(good, good.length + 1)).isEmpty(), "trailing byte");
        byte[] hugeLength = good.clone();
        hugeLength[17] = 0x7f;
        assertTrue(RelayCodec.decode(hugeLength).isEmpty());
    }

    @Test
    void aFrameWithPropertiesComesBackAsItWent() {
        RelayFrame frame = new RelayFrame("r1", 42, 7, "requests/time", "alice", Payload.ofText("what time is it"),
                properties());

        RelayFrame back = RelayCodec.decode(RelayCodec.encode(frame)).orElseThrow();

        assertEquals(frame, back);
        assertEquals(properties(), back.properties());
    }

    @Test
    void aFrameWithoutPropertiesIsTheFrameOfTheVersionBeforeByteForByte() {
        byte[] encoded = RelayCodec.encode(new RelayFrame("r1", 5, 2, "g", null, Payload.ofText("m")));

        // Version 3 as a replica of the version before writes and reads it: no field was added.
        ByteBuffer before = ByteBuffer.allocate(encoded.length);
        before.put((byte) 3).putLong(5).putLong(2);
        before.putInt(2).put("r1".getBytes(StandardCharsets.UTF_8)).putInt(1).put((byte) 'g').putInt(-1);
        before.putInt(1).put((byte) 'm');
        assertArrayEquals(before.array(), encoded);
    }

    @Test
    void aFrameWithPropertiesIsVersion4WhichTheVersionBeforeIgnores() {
        byte[] encoded = RelayCodec.encode(new RelayFrame("r1", 5, 2, "g", null, Payload.ofText("m"), properties()));

        assertEquals(4, encoded[0]);
    }

    @Test
    void aFrameWithPropertiesCutShortOrWithMoreIsNone() {
        byte[] good = RelayCodec.encode(new RelayFrame("r1", 7, 2, "g", "u", Payload.ofText("message"), properties()));
        for (int length = 0; length < good.length; length++) {
            assertTrue(RelayCodec.decode(Arrays.copyOf(good, length)).isEmpty(), "cut at " + length);
        }
        assertTrue(RelayCodec.decode(Arrays.copyOf(good, good.length + 1)).isEmpty(), "trailing byte");
    }

    @Test
    void aCountOfUserPropertiesBeyondTheFrameIsNone() {
        MessageProperties oneUser = MessageProperties.builder().user("k", "v").build();
        byte[] frame = RelayCodec.encode(new RelayFrame("r1", 7, 2, "g", "u", Payload.ofText("m"), oneUser));
        // The count sits before the one property's two fields (4 + 1 bytes each).
        ByteBuffer.wrap(frame).putInt(frame.length - 10 - Integer.BYTES, Integer.MAX_VALUE);

        assertTrue(RelayCodec.decode(frame).isEmpty());
    }

    @Test
    void theQosOfAMessageComesBackAsItWentWithAndWithoutProperties() {
        for (int qos = 0; qos <= 2; qos++) {
            RelayFrame plain = new RelayFrame("r1", 42, 7, "sensors/t", "plc", Payload.ofText("21.5"),
                    MessageProperties.EMPTY, qos);
            RelayFrame withProperties = new RelayFrame("r1", 43, 8, "requests/time", "alice", Payload.ofText("?"),
                    properties(), qos);

            assertEquals(Optional.of(plain), RelayCodec.decode(RelayCodec.encode(plain)), "QoS " + qos);
            assertEquals(Optional.of(withProperties), RelayCodec.decode(RelayCodec.encode(withProperties)), "QoS " + qos);
        }
    }

    @Test
    void aMessageAtQos1IsTheFrameTheVersionBeforeReadsAndOneAt0Or2IsVersion5WhichItIgnores() {
        // QoS 1 is what every JSON, REST and bean publish counts as: those keep versions 3 and 4.
        byte[] qos1 = RelayCodec.encode(new RelayFrame("r1", 5, 2, "g", null, Payload.ofText("m"), MessageProperties.EMPTY, 1));
        byte[] qos1WithProperties = RelayCodec.encode(new RelayFrame("r1", 5, 2, "g", null, Payload.ofText("m"), properties(), 1));
        byte[] qos0 = RelayCodec.encode(new RelayFrame("r1", 5, 2, "g", null, Payload.ofText("m"), MessageProperties.EMPTY, 0));
        byte[] qos2 = RelayCodec.encode(new RelayFrame("r1", 5, 2, "g", null, Payload.ofText("m"), properties(), 2));

        assertArrayEquals(RelayCodec.encode(new RelayFrame("r1", 5, 2, "g", null, Payload.ofText("m"))), qos1);
        assertEquals(3, qos1[0]);
        assertEquals(4, qos1WithProperties[0]);
        assertEquals(5, qos0[0]);
        assertEquals(5, qos2[0]);
        assertEquals(qos1.length + 1, qos0.length, "version 3 and the QoS byte, no properties");
        assertEquals(0, qos0[qos0.length - 1]);
    }

    @Test
    void aVersion5FrameCutShortWithMoreOrWithAQosBeyond2IsNone() {
        for (RelayFrame frame : List.of(
                new RelayFrame("r1", 7, 2, "g", "u", Payload.ofText("message"), MessageProperties.EMPTY, 2),
                new RelayFrame("r1", 7, 2, "g", "u", Payload.ofText("message"), properties(), 0))) {
            byte[] good = RelayCodec.encode(frame);
            for (int length = 0; length < good.length; length++) {
                assertTrue(RelayCodec.decode(Arrays.copyOf(good, length)).isEmpty(), "cut at " + length);
            }
            assertTrue(RelayCodec.decode(Arrays.copyOf(good, good.length + 1)).isEmpty(), "trailing byte");
        }
        byte[] qos3 = RelayCodec.encode(new RelayFrame("r1", 7, 2, "g", "u", Payload.ofText("m"), MessageProperties.EMPTY, 2));
        qos3[qos3.length - 1] = 3;
        assertTrue(RelayCodec.decode(qos3).isEmpty());
    }

    private static MessageProperties properties() {
        return MessageProperties.builder()
                .user("trace", "a").user("tenant", "acme").user("trace", "b")
                .contentType("text/plain").payloadFormat(1).responseTopic("replies/alice")
                .correlationData(new byte[] {0, (byte) 0xFF, 7}).expiresAt(1_700_000_000_000L)
                .build();
    }
}

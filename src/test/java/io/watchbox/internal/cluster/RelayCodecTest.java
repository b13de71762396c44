package io.watchbox.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.protocol.Payload;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
}

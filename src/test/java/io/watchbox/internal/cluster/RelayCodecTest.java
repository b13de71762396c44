package io.watchbox.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RelayCodecTest {

    @Test
    void aFrameComesBackAsItWent() {
        RelayFrame frame = new RelayFrame("r1", 42, "sport/tennis/player1", "alice", "héllo 🌍 \"quoted\"");
        assertEquals(Optional.of(frame), RelayCodec.decode(RelayCodec.encode(frame)));
    }

    @Test
    void aServerPublishHasNoSender() {
        RelayFrame frame = new RelayFrame("r1", 1, "news", null, "");
        assertEquals(Optional.of(frame), RelayCodec.decode(RelayCodec.encode(frame)));
    }

    @Test
    void theSequenceNumberIsStampedAfterEncoding() {
        byte[] bytes = RelayCodec.encode("r1", "g", "u", "m");
        RelayCodec.stamp(bytes, Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, RelayCodec.decode(bytes).orElseThrow().seq());
    }

    @Test
    void bytesThatAreNotAFrameOfThisVersionAreNone() {
        byte[] good = RelayCodec.encode(new RelayFrame("r1", 7, "g", "u", "message"));
        assertTrue(RelayCodec.decode(new byte[0]).isEmpty());
        assertTrue(RelayCodec.decode("hello".getBytes(StandardCharsets.UTF_8)).isEmpty());
        byte[] otherVersion = good.clone();
        otherVersion[0] = 2;
        assertTrue(RelayCodec.decode(otherVersion).isEmpty());
        for (int length = 0; length < good.length; length++) {
            assertTrue(RelayCodec.decode(Arrays.copyOf(good, length)).isEmpty(), "cut at " + length);
        }
        assertTrue(RelayCodec.decode(Arrays.copyOf(good, good.length + 1)).isEmpty(), "trailing byte");
        byte[] hugeLength = good.clone();
        hugeLength[9] = 0x7f;
        assertTrue(RelayCodec.decode(hugeLength).isEmpty());
    }
}

package io.watchbox.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.internal.protocol.Payload;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReceivedNumbersTest {

    private static final long FORGET_AFTER = 6_000;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ReceivedNumbers numbers = new ReceivedNumbers(now::get, FORGET_AFTER);

    /** A frame as it arrives and is delivered. */
    private OptionalLong deliver(String origin, long seq, long groupSeq, String group) {
        OptionalLong holes = numbers.arrived(new RelayFrame(origin, seq, groupSeq, group, null, Payload.ofText("m")));
        if (holes.isPresent()) {
            numbers.delivered(origin, seq);
        }
        return holes;
    }

    @Test
    void aFrameSeenAgainIsDroppedAndAHoleInItsGroupIsCounted() {
        assertEquals(OptionalLong.of(0), deliver("a", 1, 1, "g"));
        assertEquals(OptionalLong.empty(), deliver("a", 1, 1, "g"));
        assertEquals(OptionalLong.of(0), deliver("a", 2, 1, "h"));
        assertEquals(OptionalLong.of(2), deliver("a", 5, 4, "g"));
        assertEquals(Map.of("a", 5L), numbers.delivered());
    }

    @Test
    void aReplicaNoLongerLiveIsForgottenOnceQuietForTheExpiry() {
        deliver("gone", 7, 7, "g");
        deliver("live", 3, 3, "g");

        now.addAndGet(FORGET_AFTER - 1);
        assertEquals(Set.of(), numbers.forgetGone(Set.of("live")), "heard from within the expiry: it may have just died");
        now.addAndGet(1);
        assertEquals(Set.of("gone"), numbers.forgetGone(Set.of("live")));
        assertEquals(Map.of("live", 3L), numbers.delivered(), "a live replica is kept, however quiet");

        assertEquals(OptionalLong.of(0), deliver("gone", 7, 7, "g"),
                "forgotten entirely: numbering starts over should it ever send again");
    }

    @Test
    void aReplicaHeardFromLatelyIsKeptThoughTheDirectoryDoesNotListItYet() {
        deliver("new", 1, 1, "g");
        now.addAndGet(FORGET_AFTER / 2);
        assertEquals(Set.of(), numbers.forgetGone(Set.of()));
        assertEquals(Map.of("new", 1L), numbers.delivered());
    }
}

package io.watchbox.internal.core.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.watchbox.GroupInfo;
import io.watchbox.SessionInfo;
import io.watchbox.Stats;
import io.watchbox.internal.values.SessionInfoRecord;
import io.watchbox.internal.values.StatsRecord;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ViewCodecTest {

    private static final List<SessionInfo> SESSIONS = List.of(
            new SessionInfoRecord("ann", true, Set.of("chat/+", "news"), 3, Instant.parse("2026-01-01T10:00:00.123456789Z"),
                    512, "alice"),
            new SessionInfoRecord("bób ✓", false, Set.of(), 0, Instant.EPOCH, 0, null, "mqtt", null));

    @Test
    void sessionsComeBackAsTheyWereWithNoReplica() {
        assertEquals(SESSIONS, ViewCodec.decodeSessions(ViewCodec.encodeSessions(SESSIONS)));
        assertEquals(List.of(), ViewCodec.decodeSessions(ViewCodec.encodeSessions(List.of())));
    }

    @Test
    void aReplicasCountersComeBackAsTheyWere() {
        Stats stats = new StatsRecord(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, Long.MAX_VALUE, 20, 21, 22, 23);

        assertEquals(stats, ViewCodec.decodeStats(ViewCodec.encode(stats)));
    }

    @Test
    void theCountersOfAReplicaOfTheLastVersionAreRefusedNotMisread() {
        // Version 5: twenty-one counters, before claimsUnanswered and sharedLost.
        byte[] lastVersion = CallBody.write(out -> {
            out.writeByte(5);
            for (int i = 0; i < 21; i++) {
                out.writeLong(i);
            }
        });

        assertThrows(IllegalArgumentException.class, () -> ViewCodec.decodeStats(lastVersion));
    }

    @Test
    void groupsComeBackAsTheyWere() {
        List<GroupInfo> groups = List.of(new GroupInfo("chat/+", 2), new GroupInfo("#", 1));

        assertEquals(groups, ViewCodec.decodeGroups(ViewCodec.encodeGroups(groups)));
    }

    @Test
    void anotherVersionTruncatedBytesOrLeftoversAreRefused() {
        byte[] sessions = ViewCodec.encodeSessions(SESSIONS);
        byte[] otherVersion = sessions.clone();
        otherVersion[0] = ViewCodec.VERSION + 1;
        byte[] stats = ViewCodec.encode(new StatsRecord(1, 2, 3, 4, 5, 6, 7, 8, 0, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22));

        assertThrows(IllegalArgumentException.class, () -> ViewCodec.decodeSessions(otherVersion));
        assertThrows(IllegalArgumentException.class,
                () -> ViewCodec.decodeSessions(Arrays.copyOf(sessions, sessions.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> ViewCodec.decodeStats(Arrays.copyOf(stats, stats.length + 1)));
        assertThrows(IllegalArgumentException.class, () -> ViewCodec.decodeGroups(new byte[] {ViewCodec.VERSION, 0x7f, 0, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> ViewCodec.decodeGroups(new byte[0]));
    }
}

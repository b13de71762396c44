package io.watchbox.internal.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.watchbox.internal.MutableClock;
import io.watchbox.internal.core.relay.ClusterState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The in-memory relay keeps the promises of the port that the core's cluster tests rely on. */
class InMemoryClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte ECHO = 42;

    private final MutableClock clock = new MutableClock();
    private final InMemoryCluster cluster = new InMemoryCluster(clock, Duration.ofMillis(300));
    private final List<String> deliveredToB = new CopyOnWriteArrayList<>();
    private final InMemoryRelay a = cluster.join((group, msg, from, id) -> { });
    private final InMemoryRelay b = cluster.join((group, msg, from, id) -> deliveredToB.add(msg));

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aCallReachesTheCalleeAfterEveryMessageTheCallerRelayedBeforeIt() throws Exception {
        b.listen("g");
        b.answer(ECHO, (caller, body) -> String.join(",", deliveredToB).getBytes(StandardCharsets.UTF_8));
        for (int i = 1; i <= 100; i++) {
            a.relay("g", "m" + i, null);
        }

        byte[] seen = a.call(b.replicaId(), ECHO, new byte[0]).get(30, TimeUnit.SECONDS);

        assertEquals(100, new String(seen, StandardCharsets.UTF_8).split(",").length);
        assertEquals("m1", deliveredToB.get(0));
        assertEquals(100L, b.watermarks().get(a.replicaId()));
        assertEquals(100L, a.watermarks().get(a.replicaId()));
    }

    @Test
    void aCallToAReplicaThatDoesNotAnswerTimesOutAndOneThatIsCutOffCannotCallAtAll() {
        b.answer(ECHO, (caller, body) -> body);
        b.answerAfter(Duration.ofSeconds(5));

        ExecutionException slow = assertThrows(ExecutionException.class,
                () -> a.call(b.replicaId(), ECHO, new byte[0]).get(30, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, slow.getCause());

        a.cutOff();
        assertEquals(ClusterState.DISCONNECTED, a.state());
        CompletionException cut = assertThrows(CompletionException.class,
                () -> a.call(b.replicaId(), ECHO, new byte[0]).getNow(null), "failed at once, not after the timeout");
        assertInstanceOf(IllegalStateException.class, cut.getCause());
    }

    @Test
    void theEntriesOfAReplicaCutOffExpireWithTheirTimeToLiveAndComeBackWhenItReconnects() {
        a.trackSessions(() -> List.of("ann"), () -> 20_000);
        a.held("ann");
        assertEquals(Optional.of(a.replicaId()), b.holderOf("ann"));

        a.cutOff();
        clock.advance(Duration.ofMillis(InMemoryCluster.OVERDUE_MILLIS));
        assertEquals(Optional.empty(), b.holderOf("ann"), "its heartbeat is overdue");
        assertEquals(Set.of(a.replicaId()), b.others(), "but it still counts as alive");
        clock.advance(Duration.ofSeconds(20));
        assertEquals(Set.of(), b.others());

        a.reconnect();
        assertEquals(Optional.of(a.replicaId()), b.holderOf("ann"), "put back at its first heartbeat");
    }

    @Test
    void aReplicaThatLeavesIsGoneAtOnceAndReceivesNothingMore() {
        b.listen("#");
        a.relay("g", "before", null);
        await().atMost(WAIT).until(() -> deliveredToB.size() == 1);

        b.close();
        a.relay("g", "after", null);

        assertEquals(Set.of(), a.others());
        assertEquals(List.of("before"), deliveredToB);
        assertEquals(2, a.counts().relayed(), "relaying to no one is no failure");
    }
}

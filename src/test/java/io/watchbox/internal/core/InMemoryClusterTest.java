package io.watchbox.internal.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.MutableClock;
import io.watchbox.internal.core.relay.Answers;
import io.watchbox.internal.core.relay.ClusterState;
import io.watchbox.internal.core.relay.RemoteCallException;
import io.watchbox.internal.protocol.Payload;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    private static final byte FAILS = 43;
    private static final byte UNKNOWN = 44;

    private final MutableClock clock = new MutableClock();
    private final InMemoryCluster cluster = new InMemoryCluster(clock, Duration.ofMillis(300));
    private final List<String> deliveredToB = new CopyOnWriteArrayList<>();
    private final InMemoryRelay a = cluster.join((group, msg, from, id, qos, properties) -> { });
    private final InMemoryRelay b = cluster.join((group, msg, from, id, qos, properties) -> deliveredToB.add(msg.text()));

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aCallReachesTheCalleeAfterEveryMessageTheCallerRelayedBeforeIt() throws Exception {
        b.listen("g");
        b.answer(ECHO, (caller, body) -> String.join(",", deliveredToB).getBytes(StandardCharsets.UTF_8));
        for (int i = 1; i <= 100; i++) {
            a.relay("g", Payload.ofText("m" + i), null);
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
        assertEquals(1, a.counts().notSent());
    }

    @Test
    void aCallWhoseHandlerThrowsFailsAtOnceWithTheRemoteErrorAndLeavesTheCalleeMissingFromEveryonesAnswers()
            throws Exception {
        IllegalStateException thrown = new IllegalStateException("no session ann");
        b.answer(FAILS, (caller, body) -> {
            throw thrown;
        });

        // A call timeout far beyond the wait: only the failure coming back can end the call in time.
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> a.call(b.replicaId(), FAILS, new byte[0], Duration.ofSeconds(60)).get(10, TimeUnit.SECONDS));
        RemoteCallException remote = assertInstanceOf(RemoteCallException.class, failed.getCause(),
                "what the handler threw does not cross a wire, its class name and message do");
        assertEquals(b.replicaId(), remote.replica());
        assertEquals("java.lang.IllegalStateException", remote.remoteType());
        assertEquals("no session ann", remote.remoteMessage());

        Answers everyone = a.callEveryone(FAILS, new byte[0]).get(30, TimeUnit.SECONDS);
        assertEquals(Set.of(b.replicaId()), everyone.missing());
        assertEquals(2, b.counts().callsFailed(), "counted where the handler failed");
        assertEquals(0, a.counts().callsFailed());
    }

    @Test
    void aCallOfAKindTheCalleeDoesNotAnswerIsIgnoredThereAndTimesOut() {
        ExecutionException unanswered = assertThrows(ExecutionException.class,
                () -> a.call(b.replicaId(), UNKNOWN, new byte[0]).get(30, TimeUnit.SECONDS));

        assertInstanceOf(TimeoutException.class, unanswered.getCause());
        await().atMost(WAIT).until(() -> b.counts().ignored() == 1);
    }

    @Test
    void aCallOnAClosedRelayFailsAtOnce() {
        a.close();

        CompletionException closed = assertThrows(CompletionException.class,
                () -> a.call(b.replicaId(), ECHO, new byte[0]).getNow(null));
        assertInstanceOf(IllegalStateException.class, closed.getCause());
    }

    @Test
    void anAnswerOfACalleeCutOffBeforeItIsOutIsCountedNotSentAndTheCallerTimesOut() {
        b.answer(ECHO, (caller, body) -> {
            b.cutOff();
            return body;
        });

        ExecutionException lost = assertThrows(ExecutionException.class,
                () -> a.call(b.replicaId(), ECHO, new byte[0]).get(30, TimeUnit.SECONDS));

        assertInstanceOf(TimeoutException.class, lost.getCause());
        await().atMost(WAIT).until(() -> b.counts().notSent() == 1);
        assertEquals(0, a.counts().notSent(), "the caller sent its call");
    }

    @Test
    void aReplicaGoneFromTheDirectoryAndQuietForTheExpiryIsForgottenFromTheWatermarks() {
        InMemoryRelay c = cluster.join((group, msg, from, id, qos, properties) -> { });
        b.listen("#");
        a.relay("g", Payload.ofText("from a"), null);
        c.relay("g", Payload.ofText("from c"), null);
        await().atMost(WAIT).until(() -> b.watermarks().keySet().equals(Set.of(a.replicaId(), b.replicaId(), c.replicaId())));

        a.close();
        assertTrue(b.watermarks().containsKey(a.replicaId()), "gone from the directory, but heard from a moment ago");

        clock.advance(Duration.ofMillis(InMemoryCluster.ALIVE_MILLIS));
        assertEquals(Map.of(b.replicaId(), 0L, c.replicaId(), 1L), b.watermarks(),
                "c, quiet for as long but alive, is kept");
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
        a.relay("g", Payload.ofText("before"), null);
        await().atMost(WAIT).until(() -> deliveredToB.size() == 1);

        b.close();
        a.relay("g", Payload.ofText("after"), null);

        assertEquals(Set.of(), a.others());
        assertEquals(List.of("before"), deliveredToB);
        assertEquals(2, a.counts().relayed(), "relaying to no one is no failure");
    }
}

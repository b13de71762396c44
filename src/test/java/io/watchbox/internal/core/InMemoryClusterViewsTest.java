package io.watchbox.internal.core;

import static io.watchbox.internal.core.Client.subscribed;
import static io.watchbox.internal.core.InMemoryReplicas.relayOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.ClusterView;
import io.watchbox.SessionInfo;
import io.watchbox.Settings;
import io.watchbox.Stats;
import io.watchbox.internal.core.relay.CallKinds;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ClusterViewsTest} on replicas joined in memory, whose calls time out after half a second;
 * and replicas that die, are cut off or are slow to answer, which Redis made awkward to arrange.
 */
class InMemoryClusterViewsTest extends ClusterViewsTest {

    private static final Duration CALL_TIMEOUT = Duration.ofMillis(500);

    @RegisterExtension
    final InMemoryReplicas replicas = new InMemoryReplicas(Settings.DEFAULTS, CALL_TIMEOUT);

    @Override
    ClusterReplicas replicas() {
        return replicas;
    }

    @Test
    void theRelaysFailuresShowInEachReplicasStatsAndAreSummedOverTheReplicas() throws Exception {
        c.relay().answer(CallKinds.GROUPS, (caller, body) -> {
            throw new IllegalStateException("groups bug on c");
        });
        byte unknownKind = 99;
        a.broker().views().groups();
        assertThrows(ExecutionException.class,
                () -> a.relay().call(b.id(), unknownKind, new byte[0], CALL_TIMEOUT).get(30, TimeUnit.SECONDS));
        relayOf(c).cutOff();
        assertThrows(ExecutionException.class, () -> c.relay().call(a.id(), CallKinds.STATS, new byte[0]).get(30, TimeUnit.SECONDS));
        relayOf(c).reconnect();

        assertEquals(1, c.broker().stats().callsFailed(), "its groups handler threw");
        assertEquals(1, c.broker().stats().notSent(), "its call while cut off");
        assertEquals(1, a.broker().stats().missingAnswers(), "c's groups");
        assertEquals(1, b.broker().stats().relayIgnored(), "a call of a kind it does not answer");
        Stats sums = b.broker().views().stats();
        assertEquals(List.of(), sums.missingReplicas());
        assertEquals(1, sums.callsFailed());
        assertEquals(1, sums.notSent());
        assertEquals(1, sums.missingAnswers());
        assertEquals(1, sums.relayIgnored());
        assertEquals(0, sums.notLetGo());
        assertEquals(1, sums.replicas().get(c.id()).callsFailed(), "each replica's own beside");
        assertEquals(0, sums.replicas().get(a.id()).callsFailed());
    }

    @Test
    void aReplicaThatDiedIsMissingUntilItsHeartbeatIsOverdueOnTheClockThenGone() {
        subscribed(c.broker(), "cat");
        relayOf(c).die();

        ClusterView<List<SessionInfo>> whileListedAlive = a.broker().views().sessions();
        assertEquals(List.of(c.id()), whileListedAlive.missing(), "alive in the directory, but it does not answer");

        replicas.clock().advance(Duration.ofMillis(InMemoryCluster.ALIVE_MILLIS));
        ClusterView<List<SessionInfo>> afterwards = a.broker().views().sessions();

        assertTrue(afterwards.complete());
        assertEquals(sorted(a.id(), b.id()), afterwards.answered());
        assertEquals(List.of(), afterwards.value(), "its sessions went with it");
    }

    @Test
    void aSlowReplicaIsMissingWhileItsAnswersComeTooLateAndBackWhenTheyComeInTime() {
        subscribed(c.broker(), "cat");
        relayOf(c).answerAfter(CALL_TIMEOUT.multipliedBy(3));

        assertEquals(List.of(c.id()), a.broker().views().sessions().missing());

        relayOf(c).answerAfter(Duration.ZERO);
        ClusterView<List<SessionInfo>> view = a.broker().views().sessions();
        assertTrue(view.complete());
        assertEquals(List.of("cat"), view.value().stream().map(SessionInfo::uid).toList());
    }

    @Test
    void aReplicaCutOffFromTheClusterIsNamedMissingWhileItsHeartbeatIsFresh() throws Exception {
        relayOf(c).cutOff();

        Stats stats = a.broker().views().stats();
        assertEquals(List.of(c.id()), stats.missingReplicas());

        relayOf(c).reconnect();
        assertEquals(List.of(), a.broker().views().stats().missingReplicas());
    }
}

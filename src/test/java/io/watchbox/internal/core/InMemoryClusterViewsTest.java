package io.watchbox.internal.core;

import static io.watchbox.internal.core.Client.subscribed;
import static io.watchbox.internal.core.InMemoryReplicas.relayOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.ClusterView;
import io.watchbox.SessionInfo;
import io.watchbox.Settings;
import io.watchbox.Stats;
import io.watchbox.internal.core.relay.CallKinds;
import io.watchbox.internal.logging.LoggingLevel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ClusterViewsTest} on replicas joined in memory, whose calls time out after half a second;
 * and replicas that die, fail or are slow to answer, which Redis made awkward to arrange.
 */
class InMemoryClusterViewsTest extends ClusterViewsTest {

    private static final Duration CALL_TIMEOUT = Duration.ofMillis(500);

    @RegisterExtension
    final InMemoryReplicas replicas = new InMemoryReplicas(Settings.DEFAULTS, CALL_TIMEOUT);
    private final List<LogRecord> errors = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            errors.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Override
    ClusterReplicas replicas() {
        return replicas;
    }

    @BeforeEach
    void recordErrors() {
        Logger.getLogger(LoggingLevel.ERROR).addHandler(recorder);
    }

    @AfterEach
    void stopRecording() {
        Logger.getLogger(LoggingLevel.ERROR).removeHandler(recorder);
    }

    @Test
    void aReplicaWhoseAnswerFailsIsNamedMissingLoggedAndCountedWithoutWaitingForTheTimeout() throws Exception {
        IllegalStateException bug = new IllegalStateException("stats bug on c");
        c.relay().answer(CallKinds.STATS, (caller, body) -> {
            throw bug;
        });

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> a.relay().call(c.id(), CallKinds.STATS, new byte[0], Duration.ofMinutes(1)).get(30, TimeUnit.SECONDS));
        assertSame(bug, failed.getCause(), "the caller learns the callee's failure, not a timeout");

        Stats stats = a.broker().views().stats();

        assertEquals(List.of(c.id()), stats.missingReplicas());
        assertEquals(sorted(a.id(), b.id()), List.copyOf(stats.replicas().keySet()));
        assertEquals(1, a.broker().views().missingAnswers());
        assertTrue(errors.stream().anyMatch(r -> r.getMessage().contains(c.id()) && r.getMessage().contains("stats")),
                "logged to watchbox.error, naming the replica and the view");
    }

    @Test
    void missingAnswersAreCountedEachTimeButLoggedOnceAMinute() {
        c.relay().answer(CallKinds.GROUPS, (caller, body) -> {
            throw new IllegalStateException("groups bug on c");
        });

        a.broker().views().groups();
        a.broker().views().groups();
        a.broker().views().groups();

        assertEquals(3, a.broker().views().missingAnswers());
        assertEquals(1, errors.stream().filter(r -> r.getMessage().contains("groups")).count());
        assertEquals(0, b.broker().views().missingAnswers(), "each replica counts the views asked of it");
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

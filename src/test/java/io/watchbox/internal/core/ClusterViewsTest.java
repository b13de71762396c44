package io.watchbox.internal.core;

import static io.watchbox.internal.core.Client.subscribed;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.ClusterView;
import io.watchbox.GroupInfo;
import io.watchbox.SessionInfo;
import io.watchbox.Stats;
import io.watchbox.internal.ErrorLog;
import io.watchbox.internal.core.relay.CallKinds;
import io.watchbox.internal.core.relay.RemoteCallException;
import io.watchbox.internal.core.ClusterReplicas.Replica;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.routing.BadGroupException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /clients, /groups and /stats of three replicas: every replica's part, or who is missing.
 * {@link InMemoryClusterViewsTest} runs these everywhere, {@link RedisClusterViewsTest} through a real Redis.
 */
abstract class ClusterViewsTest extends ThreeReplicas {

    final CountDownLatch stuck = new CountDownLatch(1);
    /** What went to watchbox.error during the test. */
    @RegisterExtension
    final ErrorLog errors = ErrorLog.record();

    @BeforeEach
    void awaitEachSeesTheOthers() {
        // Each sees the other two alive from its next heartbeat on.
        await().atMost(WAIT).until(() -> Stream.of(a, b, c).allMatch(replica -> replica.relay().others().size() == 2));
    }

    /** Before the replicas close: a stuck answer lets its thread go. */
    @AfterEach
    void unstick() {
        stuck.countDown();
    }

    @Test
    void sessionsOnThreeReplicasAreListedOnceEachWithTheReplicaThatHoldsThem() {
        subscribed(a.broker(), "ann");
        subscribed(b.broker(), "bob");
        subscribed(b.broker(), "cat");
        subscribed(c.broker(), "dan");

        for (Replica asked : List.of(a, b, c)) {
            ClusterView<List<SessionInfo>> view = asked.broker().views().sessions();

            assertEquals(List.of("ann", "bob", "cat", "dan"), view.value().stream().map(SessionInfo::uid).toList());
            assertEquals(List.of(a.id(), b.id(), b.id(), c.id()), view.value().stream().map(SessionInfo::replica).toList());
            assertEquals(sorted(a.id(), b.id(), c.id()), view.answered());
            assertTrue(view.complete());
        }
    }

    @Test
    void aSessionIsFoundOnWhicheverReplicaHoldsIt() {
        subscribed(a.broker(), "ann", "chat");
        await().atMost(WAIT).until(() -> c.broker().relay().holderOf("ann").isPresent());

        SessionInfo ann = c.broker().views().session("ann").orElseThrow();

        assertEquals(a.id(), ann.replica());
        assertEquals(Set.of("chat"), ann.groups());
        assertTrue(c.broker().views().session("nobody").isEmpty());
    }

    @Test
    void statsAreSummedOverTheReplicasWithEachOnesOwnBeside() throws BadGroupException {
        subscribed(a.broker(), "ann", "news");
        subscribed(b.broker(), "bob", "news");
        subscribed(b.broker(), "cat", "news");
        c.broker().publish("news", "one");
        await().atMost(WAIT).until(() -> a.broker().stats().received() == 1 && b.broker().stats().received() == 1
                && c.broker().stats().relayed() == 1);

        Stats stats = a.broker().views().stats();

        assertEquals(3, stats.sessions());
        assertEquals(3, stats.connected());
        assertEquals(1, stats.published(), "published on c");
        assertEquals(3, stats.delivered(), "one on a, two on b");
        assertEquals(1, stats.relayed());
        assertEquals(2, stats.received());
        assertEquals(sorted(a.id(), b.id(), c.id()), List.copyOf(stats.replicas().keySet()));
        assertEquals(1, stats.replicas().get(a.id()).sessions());
        assertEquals(2, stats.replicas().get(b.id()).sessions());
        assertEquals(1, stats.replicas().get(c.id()).published());
        assertEquals(List.of(), stats.missingReplicas());
    }

    @Test
    void theMqttSessionsAreSummedOverTheReplicasWithEachOnesOwnBeside() throws BadGroupException {
        subscribed(a.broker(), "ann", "news");
        new MqttClient(a.broker(), MqttVersion.V5).connect("dev-a");
        new MqttClient(b.broker(), MqttVersion.V3_1_1).connect("dev-b1");
        new MqttClient(b.broker(), MqttVersion.V5).connect("dev-b2");

        Stats stats = c.broker().views().stats();

        assertEquals(4, stats.sessions());
        assertEquals(3, stats.mqttSessions());
        assertEquals(3, stats.mqttConnected());
        assertEquals(1, stats.replicas().get(a.id()).mqttSessions());
        assertEquals(2, stats.replicas().get(b.id()).mqttConnected());
        assertEquals(0, stats.replicas().get(c.id()).mqttSessions());
    }

    @Test
    void groupsSumTheSubscribersOfEachFilterOverTheReplicas() {
        subscribed(a.broker(), "ann", "chat/+", "news");
        subscribed(b.broker(), "bob", "chat/+");
        subscribed(c.broker(), "cat", "chat/+", "sport/#");

        ClusterView<List<GroupInfo>> view = b.broker().views().groups();

        assertEquals(List.of(new GroupInfo("chat/+", 3), new GroupInfo("news", 1), new GroupInfo("sport/#", 1)),
                view.value());
        assertTrue(view.complete());
    }

    @Test
    void aReplicaThatStopsAnsweringIsNamedMissingNotSilentlyLeftOut() {
        subscribed(a.broker(), "ann", "chat");
        subscribed(b.broker(), "bob", "chat");
        subscribed(c.broker(), "cat", "chat");
        // c stays alive in Redis, but its answers never come (stuck, as a replica under a long pause).
        for (byte kind : new byte[] {CallKinds.SESSIONS, CallKinds.STATS, CallKinds.GROUPS}) {
            c.relay().answer(kind, (caller, body) -> {
                awaitUninterruptibly(stuck);
                return new byte[0];
            });
        }

        ClusterView<List<SessionInfo>> sessions = a.broker().views().sessions();
        Stats stats = a.broker().views().stats();
        ClusterView<List<GroupInfo>> groups = a.broker().views().groups();

        assertEquals(List.of("ann", "bob"), sessions.value().stream().map(SessionInfo::uid).toList());
        assertEquals(sorted(a.id(), b.id()), sessions.answered());
        assertEquals(List.of(c.id()), sessions.missing());
        assertEquals(2, stats.sessions());
        assertEquals(sorted(a.id(), b.id()), List.copyOf(stats.replicas().keySet()));
        assertEquals(List.of(c.id()), stats.missingReplicas());
        assertEquals(List.of(new GroupInfo("chat", 2)), groups.value());
        assertEquals(List.of(c.id()), groups.missing());
    }

    @Test
    void aReplicaWhoseAnswerFailsIsNamedMissingLoggedAndCountedWithoutWaitingForTheTimeout() throws Exception {
        c.relay().answer(CallKinds.STATS, (caller, body) -> {
            throw new IllegalStateException("stats bug on c");
        });

        // A call timeout far beyond the wait: only the failure coming back can end the call in time.
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> a.relay().call(c.id(), CallKinds.STATS, new byte[0], Duration.ofMinutes(1)).get(10, TimeUnit.SECONDS));
        RemoteCallException remote = assertInstanceOf(RemoteCallException.class, failed.getCause(),
                "the caller learns the callee's failure, not a timeout");
        assertEquals(List.of(c.id(), IllegalStateException.class.getName(), "stats bug on c"),
                List.of(remote.replica(), remote.remoteType(), remote.remoteMessage()));
        assertEquals(1, c.relay().counts().callsFailed());

        Stats stats = a.broker().views().stats();

        assertEquals(List.of(c.id()), stats.missingReplicas());
        assertEquals(sorted(a.id(), b.id()), List.copyOf(stats.replicas().keySet()));
        assertEquals(1, a.broker().views().missingAnswers());
        assertTrue(errors.records().stream().anyMatch(r -> r.getMessage().contains(c.id()) && r.getMessage().contains("stats")),
                "logged to watchbox.error, naming the replica and the view");
    }

    @Test
    void missingAnswersAreCountedEachTimeButLoggedOnceAMinute() {
        c.relay().answer(CallKinds.GROUPS, (caller, body) -> {
            throw new IllegalStateException("groups bug on c");
        });

        List<ClusterView<?>> views = List.of(a.broker().views().groups(), a.broker().views().groups(),
                a.broker().views().groups());

        assertTrue(views.stream().allMatch(view -> view.missing().contains(c.id())), views.toString());
        // b, slow on a loaded machine, may miss a deadline too: each missing answer counts.
        assertEquals(views.stream().mapToInt(view -> view.missing().size()).sum(), a.broker().views().missingAnswers());
        assertEquals(1, errors.records().stream().filter(r -> r.getMessage().contains("groups")).count());
        assertEquals(0, b.broker().views().missingAnswers(), "each replica counts the views asked of it");
    }

    @Test
    void aReplicaThatStoppedIsMissingOnlyUntilTheOthersSeeItGone() {
        subscribed(c.broker(), "cat");
        c.relay().close();

        await().atMost(WAIT).until(() -> {
            ClusterView<List<SessionInfo>> view = a.broker().views().sessions();
            return view.complete() && view.answered().equals(sorted(a.id(), b.id()));
        });
        assertEquals(List.of(), a.broker().views().sessions().value(), "its sessions went with it");
    }

    static List<String> sorted(String... ids) {
        return Stream.of(ids).sorted().toList();
    }

    static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

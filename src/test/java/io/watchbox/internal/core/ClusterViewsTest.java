package io.watchbox.internal.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.ClusterView;
import io.watchbox.GroupInfo;
import io.watchbox.SessionInfo;
import io.watchbox.Settings;
import io.watchbox.Stats;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.cluster.CallKinds;
import io.watchbox.internal.cluster.ClusterSettings;
import io.watchbox.internal.cluster.ClusterState;
import io.watchbox.internal.cluster.RedisRelay;
import io.watchbox.internal.cluster.RedisServer;
import io.watchbox.internal.routing.BadGroupException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /clients, /groups and /stats of three replicas that share a real Redis: every replica's part, or who is missing. */
class ClusterViewsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private RedisServer redis;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final List<RedisRelay> relays = new ArrayList<>();
    private final CountDownLatch stuck = new CountDownLatch(1);
    private Replica a;
    private Replica b;
    private Replica c;

    private record Replica(Broker broker, RedisRelay relay) {
        String id() {
            return relay.replicaId();
        }
    }

    @BeforeEach
    void startReplicas() throws Exception {
        redis = RedisServer.startOnFreePort();
        a = replica();
        b = replica();
        c = replica();
        // Each sees the other two alive from its next heartbeat on.
        await().atMost(WAIT).until(() -> relays.stream().allMatch(relay -> relay.others().size() == 2));
    }

    @AfterEach
    void stop() throws Exception {
        stuck.countDown();
        relays.forEach(RedisRelay::close);
        threads.shutdownNow();
        if (redis != null) {
            redis.close();
        }
    }

    private Replica replica() {
        Broker broker = new Broker(Settings.DEFAULTS, new MutableClock(), new RecordingEvents());
        RedisRelay relay = RedisRelay.start(new ClusterSettings(redis.uri(), "test"), broker::deliverRelayed, threads);
        relays.add(relay);
        broker.relayThrough(relay);
        broker.startServing();
        await().atMost(WAIT).until(() -> relay.state() == ClusterState.CONNECTED);
        return new Replica(broker, relay);
    }

    @Test
    void sessionsOnThreeReplicasAreListedOnceEachWithTheReplicaThatHoldsThem() {
        subscribed(a, "ann");
        subscribed(b, "bob");
        subscribed(b, "cat");
        subscribed(c, "dan");

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
        subscribed(a, "ann", "chat");
        await().atMost(WAIT).until(() -> c.broker().relay().holderOf("ann").isPresent());

        SessionInfo ann = c.broker().views().session("ann").orElseThrow();

        assertEquals(a.id(), ann.replica());
        assertEquals(Set.of("chat"), ann.groups());
        assertTrue(c.broker().views().session("nobody").isEmpty());
    }

    @Test
    void statsAreSummedOverTheReplicasWithEachOnesOwnBeside() {
        subscribed(a, "ann", "news");
        subscribed(b, "bob", "news");
        subscribed(b, "cat", "news");
        publish(c, "news", "one");
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
    void groupsSumTheSubscribersOfEachFilterOverTheReplicas() {
        subscribed(a, "ann", "chat/+", "news");
        subscribed(b, "bob", "chat/+");
        subscribed(c, "cat", "chat/+", "sport/#");

        ClusterView<List<GroupInfo>> view = b.broker().views().groups();

        assertEquals(List.of(new GroupInfo("chat/+", 3), new GroupInfo("news", 1), new GroupInfo("sport/#", 1)),
                view.value());
        assertTrue(view.complete());
    }

    @Test
    void aReplicaThatStopsAnsweringIsNamedMissingNotSilentlyLeftOut() {
        subscribed(a, "ann", "chat");
        subscribed(b, "bob", "chat");
        subscribed(c, "cat", "chat");
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
    void aReplicaThatStoppedIsMissingOnlyUntilTheOthersSeeItGone() {
        subscribed(c, "cat");
        relays.get(2).close();

        await().atMost(WAIT).until(() -> {
            ClusterView<List<SessionInfo>> view = a.broker().views().sessions();
            return view.complete() && view.answered().equals(sorted(a.id(), b.id()));
        });
        assertEquals(List.of(), a.broker().views().sessions().value(), "its sessions went with it");
    }

    private static List<String> sorted(String... ids) {
        return Stream.of(ids).sorted().toList();
    }

    private static void subscribed(Replica replica, String uid, String... filters) {
        Client client = new Client(replica.broker());
        client.hello(uid);
        for (String filter : filters) {
            client.subscribe(filter);
        }
    }

    private static void publish(Replica replica, String group, String msg) {
        try {
            replica.broker().publish(group, msg);
        } catch (BadGroupException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.watchbox.internal.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.watchbox.internal.LogRecorder;
import io.watchbox.internal.core.relay.CallWithdrawnException;
import io.watchbox.internal.core.relay.ClusterState;
import io.watchbox.internal.core.relay.MessageId;
import io.watchbox.internal.core.relay.RelayCounts;
import io.watchbox.internal.core.relay.RemoteCallException;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.protocol.Payload;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay against a real Redis (redis-server on a free port): no mock of Redis. */
class RedisRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    record Delivered(String group, String msg, String from) {
    }

    /** One replica's side: its relay and what it delivered. */
    final class Replica implements AutoCloseable {
        final ConcurrentLinkedQueue<Delivered> delivered = new ConcurrentLinkedQueue<>();
        final RedisRelay relay;
        private boolean listening;

        Replica(String name) {
            this(name, null);
        }

        /** @param forgetAfter how soon a replica gone is forgotten, or null for the default */
        Replica(String name, Duration forgetAfter) {
            this(name, forgetAfter, OutageBounds.DEFAULT);
        }

        Replica(String name, Duration forgetAfter, OutageBounds outage) {
            RedisRelay.Delivery delivery = (group, msg, from, id, qos, properties) -> delivered.add(new Delivered(group, msg.text(), from));
            ClusterSettings settings = new ClusterSettings(redis.uri(), name, outage);
            relay = forgetAfter == null ? RedisRelay.start(settings, delivery, threads)
                    : RedisRelay.start(settings, delivery, threads, forgetAfter);
            relays.add(relay);
        }

        String id() {
            return relay.replicaId();
        }

        /** Connected, and listening to every group, as a replica whose sessions subscribe to {@code #}. */
        void awaitConnected() {
            await().atMost(WAIT).until(() -> relay.state() == ClusterState.CONNECTED);
            if (!listening) {
                listening = true;
                listen("#");
            }
        }

        void listen(String filter) {
            relay.listen(filter).orTimeout(5, TimeUnit.SECONDS).join();
        }

        @Override
        public void close() {
            relay.close();
        }
    }

    private RedisServer redis;
    private ExecutorService threads;
    private final List<RedisRelay> relays = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.startOnFreePort();
        threads = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void stopAll() throws Exception {
        relays.forEach(RedisRelay::close);
        if (threads != null) {
            threads.shutdownNow();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private Replica replica() {
        Replica replica = new Replica(ClusterSettings.DEFAULT_NAME);
        replica.awaitConnected();
        return replica;
    }

    /** A replica that listens to no group until told to. */
    private Replica quietReplica() {
        Replica replica = new Replica(ClusterSettings.DEFAULT_NAME);
        replica.listening = true;
        replica.awaitConnected();
        return replica;
    }

    @Test
    void aMessageReachesEveryOtherReplicaOnceAndNotItsOwn() {
        Replica a = replica();
        Replica b = replica();
        Replica c = replica();

        a.relay.relay("sport/tennis", Payload.ofText("ace"), "alice");
        a.relay.relay("news", Payload.ofText("server says"), null);

        List<Delivered> expected = List.of(new Delivered("sport/tennis", "ace", "alice"), new Delivered("news", "server says", null));
        await().atMost(WAIT).until(() -> b.delivered.size() == 2 && c.delivered.size() == 2);
        assertEquals(expected, List.copyOf(b.delivered));
        assertEquals(expected, List.copyOf(c.delivered));
        assertEquals(List.of(), List.copyOf(a.delivered), "a replica does not deliver its own messages twice");
        await().atMost(WAIT).until(() -> a.relay.counts().relayed() == 2);
        assertEquals(new RelayCounts(2, 0, 0, 0), a.relay.counts());
        await().atMost(WAIT).until(() -> b.relay.counts().received() == 2);
    }

    @Test
    void concurrentPublishersKeepTheirOrderAndNothingIsDuplicated() throws Exception {
        Replica a = replica();
        Replica b = replica();
        int publishers = 4;
        int each = 500;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        try {
            for (int p = 0; p < publishers; p++) {
                String uid = "p" + p;
                pool.execute(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        a.relay.relay("g/" + uid, Payload.ofText(Integer.toString(i)), uid);
                    }
                });
            }
            go.countDown();
            await().atMost(WAIT).until(() -> b.delivered.size() == publishers * each);
        } finally {
            pool.shutdownNow();
        }
        Map<String, List<Integer>> byPublisher = new HashMap<>();
        for (Delivered d : b.delivered) {
            byPublisher.computeIfAbsent(d.from(), k -> new ArrayList<>()).add(Integer.parseInt(d.msg()));
        }
        for (int p = 0; p < publishers; p++) {
            List<Integer> got = byPublisher.get("p" + p);
            assertEquals(each, got.size());
            for (int i = 0; i < each; i++) {
                assertEquals(i, got.get(i), "publisher p" + p + " in order");
            }
        }
        assertEquals(0, a.relay.counts().notRelayed());
    }

    @Test
    void framesAlreadyDeliveredOrNotFramesAreIgnoredAndHolesAreCountedMissed() {
        Replica b = replica();
        RedisClient raw = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<byte[], byte[]> connection = raw.connect(ByteArrayCodec.INSTANCE)) {
            byte[] channel = "watchbox:g:g".getBytes(StandardCharsets.UTF_8);
            connection.sync().publish(channel, RelayCodec.encode(new RelayFrame("other", 1, 1, "g", "u", Payload.ofText("first"))));
            connection.sync().publish(channel, RelayCodec.encode(new RelayFrame("other", 1, 1, "g", "u", Payload.ofText("first again"))));
            connection.sync().publish(channel, "garbage".getBytes(StandardCharsets.UTF_8));
            connection.sync().publish(channel, RelayCodec.encode(new RelayFrame("other", 2, 2, "g", "u", Payload.ofText("second"))));
            connection.sync().publish(channel, RelayCodec.encode(new RelayFrame("third", 1, 1, "g", null, Payload.ofText("from a third"))));
            connection.sync().publish(channel, RelayCodec.encode(new RelayFrame("other", 5, 5, "g", "u", Payload.ofText("after a hole of 2"))));
        } finally {
            raw.shutdown();
        }
        await().atMost(WAIT).until(() -> b.delivered.size() == 4);
        assertEquals(List.of(new Delivered("g", "first", "u"), new Delivered("g", "second", "u"),
                new Delivered("g", "from a third", null), new Delivered("g", "after a hole of 2", "u")),
                List.copyOf(b.delivered));
        await().atMost(WAIT).until(() -> b.relay.counts().received() == 4);
        assertEquals(new RelayCounts(0, 0, 4, 2, 1, 0, 0, 0), b.relay.counts(), "the garbage counted as ignored");
    }

    @Test
    void holesAreCountedPerGroupSinceAReplicaReceivesOnlyTheGroupsItListensTo() {
        Replica b = replica();
        RedisClient raw = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<byte[], byte[]> connection = raw.connect(ByteArrayCodec.INSTANCE)) {
            byte[] g = "watchbox:g:g".getBytes(StandardCharsets.UTF_8);
            byte[] h = "watchbox:g:h".getBytes(StandardCharsets.UTF_8);
            connection.sync().publish(g, RelayCodec.encode(new RelayFrame("other", 40, 7, "g", null, Payload.ofText("g7"))));
            connection.sync().publish(h, RelayCodec.encode(new RelayFrame("other", 45, 1, "h", null, Payload.ofText("h1"))));
            connection.sync().publish(g, RelayCodec.encode(new RelayFrame("other", 52, 8, "g", null, Payload.ofText("g8"))));
            connection.sync().publish(g, RelayCodec.encode(new RelayFrame("other", 60, 10, "g", null, Payload.ofText("g10, after a hole of 1"))));
        } finally {
            raw.shutdown();
        }

        await().atMost(WAIT).until(() -> b.delivered.size() == 4);
        assertEquals(List.of("g7", "h1", "g8", "g10, after a hole of 1"), b.delivered.stream().map(Delivered::msg).toList());
        assertEquals(1, b.relay.counts().missed());
    }

    @Test
    void aReplicaReceivesOnlyTheGroupsItListensToAndEachMessageOnce() {
        Replica a = replica();
        Replica b = quietReplica();
        Replica c = quietReplica();
        b.listen("sport/#");
        c.listen("news");
        c.listen("weather/+");
        c.listen("news/#");

        a.relay.relay("sport/tennis", Payload.ofText("ace"), null);
        a.relay.relay("weather/today", Payload.ofText("rain"), null);
        a.relay.relay("news", Payload.ofText("headline"), null);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(List.of(1, 2), List.of(b.delivered.size(), c.delivered.size()), b.delivered + " " + c.delivered));
        assertEquals(List.of("ace"), b.delivered.stream().map(Delivered::msg).toList());
        assertEquals(List.of("rain", "headline"), c.delivered.stream().map(Delivered::msg).toList(),
                "news comes on its channel and through the pattern of news/#, and is delivered once");
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> b.delivered.size() == 1 && c.delivered.size() == 2);
        assertEquals(0, b.relay.counts().missed() + c.relay.counts().missed(), "the groups not listened to are no holes");
    }

    @Test
    void onceListeningIsConfirmedTheNextMessageArrives() {
        Replica a = replica();
        Replica b = quietReplica();
        for (int i = 0; i < 20; i++) {
            b.listen("g/" + i);
            a.relay.relay("g/" + i, Payload.ofText("first"), null);
        }
        await().atMost(WAIT).until(() -> b.delivered.size() == 20);
    }

    @Test
    void aGroupNoLongerListenedToStopsComingAndWhatPassedMeanwhileIsNoHole() throws Exception {
        Replica a = quietReplica();
        Replica b = quietReplica();
        b.relay.listenToEverything().get(5, TimeUnit.SECONDS);
        a.relay.relay("g", Payload.ofText("while listening"), null);
        await().atMost(WAIT).until(() -> b.delivered.size() == 1);

        b.relay.unlistenToEverything();
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertEquals(0, patternsInRedis()));
        // Run by Redis before the listen below, as a pub is answered only once Redis ran it.
        a.relay.relay("g", Payload.ofText("passes by"), null).sent().get(5, TimeUnit.SECONDS);
        a.relay.relay("g", Payload.ofText("passes by too"), null).sent().get(5, TimeUnit.SECONDS);

        b.listen("g");
        a.relay.relay("g", Payload.ofText("listened again"), null);
        await().atMost(WAIT).until(() -> b.delivered.size() == 2);
        assertEquals(List.of("while listening", "listened again"), b.delivered.stream().map(Delivered::msg).toList());
        assertEquals(0, b.relay.counts().missed());
    }

    @Test
    void ofTheReplicasThatClaimAMessageForAShareExactlyOneWins() {
        List<Replica> replicas = List.of(replica(), replica(), replica());
        String share = "$share/workers/jobs/+";

        for (long seq = 1; seq <= 50; seq++) {
            MessageId message = new MessageId("origin", seq);
            List<CompletableFuture<Boolean>> claims = replicas.stream()
                    .map(r -> r.relay.claim(share, message, Duration.ZERO)).toList();
            long winners = claims.stream().filter(claim -> claim.orTimeout(5, TimeUnit.SECONDS).join()).count();
            assertEquals(1, winners, "message " + seq);
        }
        MessageId first = new MessageId("origin", 1);
        assertTrue(replicas.get(0).relay.claim("$share/audit/jobs/+", first, Duration.ZERO).join(),
                "another share of the same message is another claim");
        assertEquals(false, replicas.get(1).relay.claim(share, first, Duration.ofMillis(50)).join(),
                "a late claim loses");
        assertEquals(0, replicas.stream().mapToLong(r -> r.relay.counts().claimsUnanswered()).sum());
    }

    @Test
    void aClaimWhileRedisIsAwayIsTakenAndCountedUnanswered() throws Exception {
        Replica a = replica();
        redis.stop();
        await().atMost(WAIT).until(() -> a.relay.state() == ClusterState.DISCONNECTED);

        assertTrue(a.relay.claim("$share/workers/jobs", new MessageId("origin", 1), Duration.ZERO).join());

        assertEquals(1, a.relay.counts().claimsUnanswered());
    }

    @Test
    void everyChannelIsListenedToAgainAfterRedisRestarts() throws Exception {
        Replica a = replica();
        Replica b = quietReplica();
        b.listen("exact");
        b.listen("wild/+");
        redis.stop();
        await().atMost(WAIT).until(() -> b.relay.state() == ClusterState.DISCONNECTED);
        redis.start();
        a.awaitConnected();
        b.awaitConnected();

        await().atMost(WAIT).untilAsserted(() -> {
            a.relay.relay("exact", Payload.ofText("e"), null);
            a.relay.relay("wild/card", Payload.ofText("w"), null);
            assertTrue(b.delivered.stream().anyMatch(d -> d.msg().equals("e"))
                    && b.delivered.stream().anyMatch(d -> d.msg().equals("w")));
        });
    }

    /** As ClusterIT does after its outage: filters first listened to once Redis is back are heard at once. */
    @Test
    void aFilterFirstListenedToAfterRedisRestartsGetsTheNextMessageOnce() throws Exception {
        Replica a = replica();
        Replica b = quietReplica();
        b.listen("old/+");
        redis.stop();
        await().atMost(WAIT).until(() -> a.relay.state() == ClusterState.DISCONNECTED
                && b.relay.state() == ClusterState.DISCONNECTED);
        redis.start();
        a.awaitConnected();
        await().atMost(WAIT).until(() -> b.relay.state() == ClusterState.CONNECTED);

        b.listen("fresh/+/x");
        b.listen("fresh/#");
        for (int i = 0; i < 20; i++) {
            a.relay.relay("fresh/" + i + "/x", Payload.ofText("m" + i), null).sent().orTimeout(5, TimeUnit.SECONDS).join();
        }

        await().atMost(WAIT).until(() -> b.delivered.size() >= 20);
        assertEquals(IntStream.range(0, 20).mapToObj(i -> "m" + i).toList(),
                b.delivered.stream().map(Delivered::msg).toList());
    }

    private long patternsInRedis() {
        try (RedisCommands commands = RedisCommands.connect(redis.uri())) {
            return commands.patterns();
        }
    }

    @Test
    void clustersWithOtherNamesShareRedisButNotMessages() {
        Replica a = replica();
        Replica other = new Replica("other-app");
        other.awaitConnected();
        Replica b = replica();

        a.relay.relay("g", Payload.ofText("for watchbox"), null);

        await().atMost(WAIT).until(() -> b.delivered.size() == 1);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> other.delivered.isEmpty());
    }

    @Test
    void messagesPublishedWhileRedisIsDownReachTheOtherReplicaInOrderOnceItIsBackAndNothingOvertakesThem() throws Exception {
        Replica a = replica();
        Replica b = replica();
        awaitKnown(a, b);
        a.relay.relay("g", Payload.ofText("before"), null);
        await().atMost(WAIT).until(() -> b.delivered.size() == 1);

        redis.stop();
        await().atMost(WAIT).until(() -> a.relay.state() == ClusterState.DISCONNECTED
                && b.relay.state() == ClusterState.DISCONNECTED);
        List<String> expected = new ArrayList<>(List.of("before"));
        List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            String text = "during " + i;
            outcomes.add(a.relay.relay(i % 3 == 0 ? "h" : "g", Payload.ofText(text), "alice").sent());
            expected.add(text);
        }
        assertTrue(outcomes.stream().noneMatch(CompletableFuture::isDone), "they wait for Redis");

        redis.start();
        // Published as soon as Redis answers, while the held ones have yet to go: it must not overtake them.
        outcomes.add(a.relay.relay("g", Payload.ofText("after"), null).sent());
        expected.add("after");

        await().atMost(WAIT).until(() -> b.delivered.size() == expected.size());
        assertEquals(expected, b.delivered.stream().map(Delivered::msg).toList());
        assertTrue(outcomes.stream().allMatch(outcome -> outcome.orTimeout(5, TimeUnit.SECONDS).join()),
                "every publisher is told it was relayed");
        RelayCounts counts = a.relay.counts();
        assertEquals(202, counts.relayed());
        assertEquals(List.of(0L, 0L), List.of(counts.notRelayed(), counts.outageDropped()));
        assertTrue(counts.outageHeld() >= 200 && counts.outageRelayed() == counts.outageHeld(), counts.toString());
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> b.delivered.size() == expected.size());
        assertEquals(0, b.relay.counts().missed(), "no hole: every number arrived");
    }

    /**
     * A replica with these outage bounds and another that it knows, "before" relayed from the first
     * to the second, then Redis stopped and the first replica cut off.
     */
    private Replica[] beforeThenAnOutage(OutageBounds bounds) throws Exception {
        Replica a = new Replica(ClusterSettings.DEFAULT_NAME, null, bounds);
        a.awaitConnected();
        Replica b = replica();
        awaitKnown(a, b);
        a.relay.relay("g", Payload.ofText("before"), null);
        await().atMost(WAIT).until(() -> b.delivered.size() == 1);

        redis.stop();
        await().atMost(WAIT).until(() -> a.relay.state() == ClusterState.DISCONNECTED);
        return new Replica[] {a, b};
    }

    @Test
    void aMessageHeldPastTheOutageSecondsIsNotRelayedItsPublisherIsToldAndTheOthersSeeItsHole() throws Exception {
        Replica[] ab = beforeThenAnOutage(new OutageBounds(1 << 20, 1));
        Replica a = ab[0];
        Replica b = ab[1];
        CompletableFuture<Boolean> tooOld = a.relay.relay("g", Payload.ofText("too old"), null).sent();
        assertFalse(tooOld.get(10, TimeUnit.SECONDS), "given up once it waited 1 s");

        redis.start();
        a.awaitConnected();
        b.awaitConnected();
        assertTrue(a.relay.relay("g", Payload.ofText("after"), null).sent().get(10, TimeUnit.SECONDS));
        await().atMost(WAIT).until(() -> b.delivered.size() == 2);
        assertEquals(List.of("before", "after"), b.delivered.stream().map(Delivered::msg).toList());
        RelayCounts counts = a.relay.counts();
        assertEquals(List.of(1L, 1L), List.of(counts.outageDropped(), counts.notRelayed()));
        // "after" may have waited too, for b to listen again.
        assertEquals(counts.outageHeld() - 1, counts.outageRelayed(), counts.toString());
        assertEquals(1, b.relay.counts().missed(), "its number was given: the hole of the one dropped");
    }

    @Test
    void pastTheOutageBytesTheOldestHeldMessagesAreDroppedAndTheRestArriveInOrder() throws Exception {
        // Each message weighs a little over 1,000 bytes: two fit.
        Replica[] ab = beforeThenAnOutage(new OutageBounds(2_500, 60));
        Replica a = ab[0];
        Replica b = ab[1];
        List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
        for (String name : List.of("first", "second", "third")) {
            outcomes.add(a.relay.relay("g", Payload.ofText(name + " " + "x".repeat(1_000)), null).sent());
        }
        assertFalse(outcomes.get(0).getNow(true), "the oldest went, at once");
        redis.start();

        await().atMost(WAIT).until(() -> b.delivered.size() == 3);
        assertEquals(List.of("before", "second", "third"), b.delivered.stream().map(d -> d.msg().split(" ")[0]).toList());
        assertTrue(outcomes.get(1).join() && outcomes.get(2).join());
        assertEquals(List.of(3L, 2L, 1L), List.of(a.relay.counts().outageHeld(), a.relay.counts().outageRelayed(),
                a.relay.counts().outageDropped()));
    }

    /** Each knows the other from the directory: what one holds through an outage waits for the other to listen again. */
    private static void awaitKnown(Replica a, Replica b) {
        await().atMost(WAIT).until(() -> a.relay.others().contains(b.id()) && b.relay.others().contains(a.id()));
    }

    @Test
    void aReplicaStartedWhileRedisIsDownServesLocallyAndJoinsWhenRedisAnswers() throws Exception {
        redis.stop();
        Replica a = new Replica(ClusterSettings.DEFAULT_NAME);
        assertEquals(ClusterState.DISCONNECTED, a.relay.state());
        a.relay.relay("g", Payload.ofText("alone"), null);
        assertEquals(1, a.relay.counts().outageHeld());

        redis.start();
        a.awaitConnected();
        await().atMost(WAIT).until(() -> a.relay.counts().outageRelayed() == 1);
        Replica b = replica();
        a.relay.relay("g", Payload.ofText("together"), null);
        await().atMost(WAIT).until(() -> b.delivered.size() == 1);
        assertEquals("together", b.delivered.peek().msg());
    }

    @Test
    void closingStopsTheRelayAndEveryThreadOfTheRedisClient() {
        Replica a = replica();
        assertTrue(lettuceThreads() > 0);

        a.close();
        a.close();

        assertEquals(ClusterState.DISCONNECTED, a.relay.state());
        a.relay.relay("g", Payload.ofText("after close"), null);
        assertEquals(1, a.relay.counts().notRelayed());
        await().atMost(WAIT).until(() -> lettuceThreads() == 0);
    }

    private static final byte FAILS = 101;
    private static final byte ECHOES = 102;

    @Test
    void aCallWhoseHandlerThrowsFailsAtOnceWithTheRemoteError() throws Exception {
        Replica a = replica();
        Replica b = replica();
        b.relay.answer(FAILS, (caller, body) -> {
            throw new IllegalStateException("no session " + new String(body, StandardCharsets.UTF_8));
        });
        b.relay.answer(ECHOES, (caller, body) -> body);

        // A call timeout far beyond the wait: only the error answer can end the call in time.
        CompletableFuture<byte[]> call = a.relay.call(b.id(), FAILS, "ann".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(60));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));

        RemoteCallException remote = assertInstanceOf(RemoteCallException.class, failed.getCause());
        assertEquals(b.id(), remote.replica());
        assertEquals("java.lang.IllegalStateException", remote.remoteType());
        assertEquals("no session ann", remote.remoteMessage());
        assertEquals(1, b.relay.counts().callsFailed());
        assertArrayEquals(new byte[] {7}, a.relay.call(b.id(), ECHOES, new byte[] {7}, Duration.ofSeconds(60))
                .get(10, TimeUnit.SECONDS), "the next call is answered as ever");
    }

    private static final byte WAITS = 103;

    @Test
    void aCallWithdrawnBeforeTheCalleeBeganItIsNeverAnsweredAndOneBegunIsAnsweredAsEver() throws Exception {
        Replica a = replica();
        Replica b = replica();
        CountDownLatch release = new CountDownLatch(1);
        List<String> begun = new CopyOnWriteArrayList<>();
        b.relay.answer(WAITS, (caller, body) -> {
            begun.add(new String(body, StandardCharsets.UTF_8));
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return body;
        });
        CompletableFuture<byte[]> first = a.relay.call(b.id(), WAITS, bytes("first"), Duration.ofSeconds(60));
        await().atMost(WAIT).until(() -> begun.equals(List.of("first")));
        CompletableFuture<byte[]> second = a.relay.call(b.id(), WAITS, bytes("second"), Duration.ofSeconds(60));

        a.relay.withdraw(first);
        a.relay.withdraw(second);

        // A call timeout far beyond the wait: only the callee's word can end the second call in time.
        ExecutionException withdrawn = assertThrows(ExecutionException.class, () -> second.get(10, TimeUnit.SECONDS));
        assertInstanceOf(CallWithdrawnException.class, withdrawn.getCause());
        assertFalse(first.isDone(), "the first was begun, and is answered when its handler returns");
        release.countDown();
        assertArrayEquals(bytes("first"), first.get(10, TimeUnit.SECONDS));
        assertArrayEquals(bytes("third"), a.relay.call(b.id(), WAITS, bytes("third"), Duration.ofSeconds(60))
                .get(10, TimeUnit.SECONDS));
        assertEquals(List.of("first", "third"), begun, "the second was never begun");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void framesOfAnotherVersionAreCountedAndWarnedAboutOnceNotPerFrame() {
        Replica b = replica();
        LogRecorder log = LogRecorder.on(Logger.getLogger(""));
        RedisClient raw = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<byte[], byte[]> connection = raw.connect(ByteArrayCodec.INSTANCE)) {
            byte[] group = "watchbox:g:g".getBytes(StandardCharsets.UTF_8);
            byte[] inbox = ("watchbox:replica:" + b.id()).getBytes(StandardCharsets.UTF_8);
            byte[] future = {9, 1, 2, 3}; // a version of frame this one does not know
            for (int i = 0; i < 50; i++) {
                connection.sync().publish(group, future);
                connection.sync().publish(inbox, future);
            }
            await().atMost(WAIT).until(() -> b.relay.counts().ignored() == 100);
        } finally {
            raw.shutdown();
            log.close();
        }
        List<LogRecord> warnings = log.records().stream()
                .filter(r -> LoggingLevel.ERROR.equals(r.getLoggerName())).toList();
        assertEquals(2, warnings.size(), "one line per kind of frame, not one per frame: " + warnings.stream()
                .map(LogRecord::getMessage).toList());
    }

    @Test
    void aReplicaThatStopsIsForgottenAndNoLongerRidesAlongWithMovingSessions() {
        Duration forgetAfter = Duration.ofMillis(200);
        Replica a = replicaForgetting(forgetAfter);
        Replica b = replicaForgetting(forgetAfter);
        Replica c = replicaForgetting(forgetAfter);
        await().atMost(WAIT).until(() -> b.relay.others().equals(Set.of(a.id(), c.id())));
        a.relay.relay("g", Payload.ofText("from a"), null);
        c.relay.relay("g", Payload.ofText("from c"), null);
        await().atMost(WAIT).until(() -> b.relay.watermarks().keySet().equals(Set.of(a.id(), b.id(), c.id())));

        a.close();

        await().atMost(WAIT).until(() -> !b.relay.watermarks().containsKey(a.id()));
        assertEquals(Set.of(b.id(), c.id()), b.relay.watermarks().keySet(),
                "c, quiet for longer than that but alive, is kept");
    }

    private Replica replicaForgetting(Duration forgetAfter) {
        Replica replica = new Replica(ClusterSettings.DEFAULT_NAME, forgetAfter);
        replica.awaitConnected();
        return replica;
    }

    private static long lettuceThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("lettuce-")).count();
    }
}

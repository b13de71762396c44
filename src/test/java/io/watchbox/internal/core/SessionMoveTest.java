package io.watchbox.internal.core;

import static io.watchbox.internal.core.Client.subscribed;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.EndReason;
import io.watchbox.Settings;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.WatchboxTimeout;
import io.watchbox.internal.core.ClusterReplicas.Replica;
import io.watchbox.internal.core.relay.CallKinds;
import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.session.Session;
import io.watchbox.internal.protocol.CloseCodes;
import io.watchbox.internal.routing.BadGroupException;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sessions moving between replicas: resume and take over on another replica.
 * {@link InMemorySessionMoveTest} runs these everywhere, {@link RedisSessionMoveTest} through a real Redis.
 */
abstract class SessionMoveTest extends ThreeReplicas {

    /** More than the busiest test publishes: a session that waits for its client drops nothing. */
    static final int LISTLIMIT = 10_000;
    static final Settings SETTINGS = ValidSettings.DEFAULTS.withListlimit(LISTLIMIT);
    private static final int PER_PUBLISHER = 3000;

    final ExecutorService takes = Executors.newCachedThreadPool();



    @Test
    void aClientThatDropsOnOneReplicaResumesOnAnotherWithEveryMessageOnceAndItsSeqGoingOn() {
        Client first = subscribed(a.broker(), "mover", "news/#");
        publish(a.broker(), "news/1", "one");
        publish(a.broker(), "news/2", "two");
        awaitHeldBy(a, "mover");
        first.drop();
        publish(a.broker(), "news/3", "three while away");
        publish(b.broker(), "news/4", "four while away, elsewhere");
        awaitDelivered(a, 4);

        Client second = new Client(b.broker());
        JsonObject welcome = second.resume(first, 2);

        assertTrue(welcome.getBoolean("resumed"), welcome.toString());
        assertEquals(first.welcome().getString("resume"), welcome.getString("resume"), "the same session, same key");
        assertEquals(List.of("three while away", "four while away, elsewhere"), second.texts());
        assertEquals(List.of(3L, 4L), second.seqs());
        assertEquals(0, a.broker().sessions().size(), "the session left its old replica");
        assertTrue(a.events().ended().isEmpty(), "a session that moved did not end");

        publish(c.broker(), "news/5", "five, after the move");
        await().atMost(WAIT).until(() -> second.texts().size() == 3);
        assertEquals(5L, second.seqs().get(2));
        assertEquals(Set.of("news/#"), b.broker().session("mover").orElseThrow().groups());
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"}) // a 3.1 CONNACK has no session present
    void anMqttSessionMovesWithItsMessagesInFlightBothWaysAndItsQueueAndIsPresentOnTheOtherReplica(MqttVersion version) {
        Client watcher = subscribed(c.broker(), "watcher", "echo");
        MqttClient first = new MqttClient(a.broker(), version, "alice").connectPersistent("dev1", 300)
                .subscribe(1, "room", 2);
        awaitHeldBy(a, "dev1");
        MqttClient publisher = new MqttClient(a.broker(), MqttVersion.V5).connect("pub");
        publisher.publish("room", "q1", 1, 1);
        publisher.publish("room", "q2", 2, 2);
        await().atMost(WAIT).until(() -> first.payloads().size() == 2);
        Packet.Publish q2 = first.last(Packet.Publish.class);
        first.ack(new Packet.Pubrec(q2.packetId(), ReasonCode.SUCCESS, Properties.EMPTY));
        first.publish("echo", "once", 2, 8); // published and PUBREC'd; its PUBREL is still to come
        await().atMost(WAIT).until(() -> watcher.texts().size() == 1);
        first.drop();
        publisher.publish("room", "offline1", 1, 3);
        publisher.publish("room", new byte[] {(byte) 0xff, 0, 1}, 2, 4);
        publish(c.broker(), "room", "from another replica");
        await().atMost(WAIT).until(() -> queued(a, "dev1") == 3);

        MqttClient again = new MqttClient(b.broker(), version, "alice").connectPersistent("dev1", 300);

        assertTrue(again.last(Packet.Connack.class).sessionPresent(), "the session moved with its MQTT state");
        await().atMost(WAIT).until(() -> again.payloads().size() == 4);
        List<Packet.Publish> resent = again.received(Packet.Publish.class);
        assertEquals(List.of("q1", "offline1", new String(new byte[] {(byte) 0xff, 0, 1}, StandardCharsets.UTF_8),
                "from another replica"), again.payloads());
        assertEquals(List.of(true, false, false, false), resent.stream().map(Packet.Publish::dup).toList());
        assertEquals(List.of(1, 1, 2, 1), resent.stream().map(Packet.Publish::qos).toList());
        assertEquals(first.received(Packet.Publish.class).get(0).packetId(), resent.get(0).packetId(),
                "sent again under the identifier it had");
        assertEquals(List.of(new Packet.Pubrel(q2.packetId(), ReasonCode.SUCCESS, Properties.EMPTY)),
                again.received(Packet.Pubrel.class), "a released QoS 2 message is released again, not resent");

        again.send(new Packet.Publish("echo", Bytes.copyOf("once".getBytes(StandardCharsets.UTF_8)), 2, false, true, 8,
                Properties.EMPTY));
        again.send(new Packet.Pubrel(8, ReasonCode.SUCCESS, Properties.EMPTY));
        assertEquals(ReasonCode.SUCCESS, again.last(Packet.Pubcomp.class).reason(), "the receipt moved too");
        for (Packet.Publish publish : resent) {
            again.ack(publish.qos() == 1 ? new Packet.Puback(publish.packetId(), ReasonCode.SUCCESS, Properties.EMPTY)
                    : new Packet.Pubrec(publish.packetId(), ReasonCode.SUCCESS, Properties.EMPTY));
        }
        publish(a.broker(), "echo", "after the move");
        await().atMost(WAIT).until(() -> watcher.texts().size() == 2);
        assertEquals(List.of("once", "after the move"), watcher.texts(), "the QoS 2 message was published once");
        assertEquals(List.of(), a.events().ended(), "a session that moved did not end");
    }

    /** How many messages the session has kept and not yet taken for its client. */
    private static long queued(Replica replica, String uid) {
        return replica.broker().liveSession(uid).map(Session::unsent).orElse(0L);
    }

    @Test
    void pastListlimitTheResumeOnAnotherReplicaSkipsExactlyWhatNoReplicaKept() {
        Client first = subscribed(a.broker(), "skipper", "g");
        awaitHeldBy(a, "skipper");
        first.drop();
        for (int i = 1; i <= LISTLIMIT + 7; i++) {
            publish(a.broker(), "g", "m" + i);
        }

        Client second = new Client(b.broker());
        second.resume(first, 0);

        List<Long> seqs = second.seqs();
        assertEquals(LISTLIMIT, seqs.size());
        assertEquals(8L, seqs.get(0), "seq 1 to 7 were dropped for listlimit: the client sees a gap of exactly 7");
        assertEquals(LISTLIMIT + 7L, seqs.get(seqs.size() - 1));
    }

    @Test
    void aHelloOnAnotherReplicaTakesTheLiveSessionOverAndTheOldSocketGets4409() {
        Client first = subscribed(a.broker(), "taken", "g");
        awaitHeldBy(a, "taken");

        Client second = new Client(b.broker());
        JsonObject welcome = second.takeOver(first);

        assertTrue(welcome.getBoolean("resumed"));
        assertEquals(List.of(CloseCodes.REPLACED), first.closeCodes());
        publish(c.broker(), "g", "to the new socket");
        await().atMost(WAIT).until(() -> second.texts().size() == 1);
        assertTrue(first.texts().isEmpty());
    }

    @Test
    void aHelloWithTheUidButNotTheKeyIsRefusedAndTheSessionStaysWhereItIs() {
        Client owner = subscribed(a.broker(), "mine", "g");
        awaitHeldBy(a, "mine");

        Client thief = new Client(b.broker());
        thief.send("{'type':'hello','uid':'mine','resume':'not-the-key'}");

        assertEquals("error", thief.lastFrame().getString("type"));
        assertEquals("forbidden", thief.lastFrame().getString("code"));
        assertTrue(owner.closeCodes().isEmpty());
        publish(c.broker(), "g", "still here");
        await().atMost(WAIT).until(() -> owner.texts().size() == 1);
        assertEquals(List.of("mine"), a.broker().sessions().stream().map(s -> s.uid()).toList());
    }

    @Test
    void nothingIsLostOrDoubledWhileAClientDropsAndResumesBackAndForthUnderPublishesFromEveryReplica() throws Exception {
        Broker[] brokers = {a.broker(), b.broker(), c.broker()};
        Client client = subscribed(a.broker(), "busy", "load/#");
        awaitHeldBy(a, "busy");
        List<Thread> publishers = publishFromEachReplica(brokers, PER_PUBLISHER);
        List<String> received = new ArrayList<>();
        Client last = moveBackAndForth(client, brokers, 100, received);
        for (Thread publisher : publishers) {
            publisher.join();
        }
        int total = 3 * PER_PUBLISHER;
        await().atMost(WAIT).until(() -> received.size() + last.texts().size() >= total);
        received.addAll(last.texts());

        Set<String> distinct = new HashSet<>(received);
        assertEquals(received.size(), distinct.size(), "no duplicates");
        assertEquals(total, distinct.size(), "every message published, once");
        for (int p = 0; p < 3; p++) {
            int replica = p;
            List<Integer> order = received.stream().filter(t -> t.startsWith(replica + ":"))
                    .map(t -> Integer.parseInt(t.substring(2))).toList();
            assertEquals(order.stream().sorted().toList(), order, "in publish order for each publisher");
        }
    }

    @Test
    void aShareMemberMovingBackAndForthUnderPublishesFromEveryReplicaDoublesNothingOfTheShare() throws Exception {
        Broker[] brokers = {a.broker(), b.broker(), c.broker()};
        String share = "$share/workers/load/#";
        Client mover = subscribed(a.broker(), "mover", share);
        Client stayer = subscribed(c.broker(), "stayer", share);
        awaitHeldBy(a, "mover");
        int perPublisher = 1000;
        List<Thread> publishers = publishFromEachReplica(brokers, perPublisher);
        List<String> received = new ArrayList<>();
        Client last = moveBackAndForth(mover, brokers, 50, received);
        for (Thread publisher : publishers) {
            publisher.join();
        }
        int total = 3 * perPublisher;
        // Each message reaches a member once, or is counted lost: won by a replica whose member left meanwhile.
        await().atMost(WAIT).alias("messages to the share, and lost").until(
                () -> received.size() + last.texts().size() + stayer.texts().size() + sharedLost(brokers),
                reached -> reached >= total);
        received.addAll(last.texts());
        received.addAll(stayer.texts());

        Set<String> distinct = new HashSet<>(received);
        assertEquals(received.size(), distinct.size(), "no message twice over the share");
        assertEquals(total, distinct.size() + sharedLost(brokers), "every message once, or counted lost");
    }

    /** One thread per replica, each publishing {@code count} messages "replica:i" to load/replica, pausing now and then. */
    private static List<Thread> publishFromEachReplica(Broker[] brokers, int count) {
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < brokers.length; p++) {
            int replica = p;
            Thread publisher = new Thread(() -> {
                for (int i = 0; i < count; i++) {
                    publish(brokers[replica], "load/" + replica, replica + ":" + i);
                    if (i % 20 == 0) {
                        pause();
                    }
                }
            });
            publishers.add(publisher);
            publisher.start();
        }
        return publishers;
    }

    /**
     * Drops the client's socket and resumes its session on the other of the first two replicas, six
     * times, {@code pauseMillis} apart; what each socket got goes to {@code received}.
     *
     * @return the client of the last socket
     */
    private static Client moveBackAndForth(Client client, Broker[] brokers, long pauseMillis, List<String> received)
            throws InterruptedException {
        long seen = 0;
        for (int move = 1; move <= 6; move++) {
            Thread.sleep(pauseMillis); // lets messages flow to this socket before it drops

            client.drop();
            received.addAll(client.texts());
            List<Long> seqs = client.seqs();
            seen = seqs.isEmpty() ? seen : seqs.get(seqs.size() - 1);
            Client next = new Client(brokers[move % 2 == 1 ? 1 : 0]);
            JsonObject welcome = next.resume(client, seen);
            assertTrue(welcome.getBoolean("resumed"), "move " + move + ": " + welcome);
            client = next;
        }
        return client;
    }

    private static long sharedLost(Broker... brokers) {
        long lost = 0;
        for (Broker broker : brokers) {
            lost += broker.stats().sharedLost();
        }
        return lost;
    }

    @Test
    void aKickOnAnyReplicaEndsTheSessionWhereItIsHeldAndOnlyThatReplicaFiresTheEvent() {
        Client client = subscribed(a.broker(), "kicked", "g");
        awaitHeldBy(a, "kicked");

        assertTrue(b.broker().kick("kicked"));

        assertEquals(List.of(CloseCodes.KICKED), client.closeCodes());
        assertEquals(List.of(new WatchboxTimeout("kicked", EndReason.KICKED)), a.events().ended());
        assertTrue(b.events().ended().isEmpty());
        assertFalse(c.broker().kick("kicked"), "no session left to kick");
    }

    @Test
    void aKickWhoseHolderFailsIsRefusedAtOnceAndTheSessionStays() {
        Client client = subscribed(a.broker(), "kept", "g");
        awaitHeldBy(a, "kept");
        a.relay().answer(CallKinds.KICK, (caller, uid) -> {
            throw new IllegalStateException("kick bug on a");
        });

        assertFalse(b.broker().kick("kept"));

        assertEquals(1, a.relay().counts().callsFailed(), "a answered with its failure: b did not wait for a timeout");
        assertTrue(client.closeCodes().isEmpty());
        assertEquals(List.of("kept"), a.broker().sessions().stream().map(s -> s.uid()).toList());
    }

    @Test
    void aSessionWhoseReplicaStoppedStartsAnewElsewhere() {
        Client first = subscribed(a.broker(), "orphan", "g");
        awaitHeldBy(a, "orphan");
        a.relay().close();

        Client second = new Client(b.broker());
        JsonObject welcome = second.resume(first, 0);

        assertFalse(welcome.getBoolean("resumed"), "the replica that held it is gone, and its session with it");
    }

    @Test
    void aStoppingReplicaHandsItsSessionsOverAndEachClientResumesOnAnyReplicaWithNothingLostWhilePublishesGoOn()
            throws Exception {
        handOverOnStop();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clients.add(subscribed(a.broker(), "stays" + i, "news/#"));
        }
        Client away = subscribed(a.broker(), "away", "news/#");
        away.drop();
        clients.add(away);
        publish(a.broker(), "news/0", "before");
        clients.forEach(client -> awaitHeldBy(a, client.welcome().getString("uid")));
        List<String> expected = new ArrayList<>(List.of("before"));
        for (int i = 1; i <= 500; i++) {
            expected.add("m" + i);
        }
        Thread publisher = new Thread(() -> {
            for (int i = 1; i <= 500; i++) {
                publish(c.broker(), "news/" + i, "m" + i);
                if (i % 20 == 0) {
                    pause();
                }
            }
        });
        publisher.start();

        a.broker().shutdown();
        publisher.join();

        assertEquals(List.of(), a.broker().sessions(), "every session left the stopping replica");
        assertEquals(List.of(), a.events().ended(), "and none ended");
        for (Client client : clients) {
            List<Long> seqs = client.seqs();
            Client again = new Client(b.broker());
            JsonObject welcome = again.resume(client, seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1));

            assertTrue(welcome.getBoolean("resumed"), welcome.toString());
            List<String> before = client.texts();
            await().atMost(WAIT).until(() -> before.size() + again.texts().size() >= expected.size());
            List<String> all = new ArrayList<>(before);
            all.addAll(again.texts());
            assertEquals(expected, all, "every message once, in order, across the hand-over");
        }
        clients.stream().filter(client -> client != away).forEach(client ->
                assertEquals(List.of(CloseCodes.GOING_AWAY), client.closeCodes(), "told to come back, not replaced"));
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
    void aStoppingReplicaHandsAnMqttSessionOverWithItsMessageInFlightAndItsSessionIsPresentOnAnotherReplica(
            MqttVersion version) {
        handOverOnStop();
        MqttClient first = new MqttClient(a.broker(), version, "alice").connectPersistent("dev1", 300)
                .subscribe(1, "room", 1);
        awaitHeldBy(a, "dev1");
        MqttClient publisher = new MqttClient(b.broker(), MqttVersion.V5).connect("pub");
        publisher.publish("room", "in flight", 1, 1);
        await().atMost(WAIT).until(() -> first.payloads().size() == 1);

        a.broker().shutdown();
        publisher.publish("room", "while away", 1, 2);
        MqttClient again = new MqttClient(c.broker(), version, "alice").connectPersistent("dev1", 300);

        assertTrue(again.last(Packet.Connack.class).sessionPresent(), "the session outlived its replica");
        await().atMost(WAIT).until(() -> again.payloads().size() == 2);
        assertEquals(List.of("in flight", "while away"), again.payloads());
        List<Packet.Publish> resent = again.received(Packet.Publish.class);
        assertEquals(List.of(true, false), resent.stream().map(Packet.Publish::dup).toList());
        assertEquals(first.received(Packet.Publish.class).get(0).packetId(), resent.get(0).packetId(),
                "sent again under the identifier it had");
    }

    @Test
    void aReplicaThatIsStoppingTooTakesNoSessionAndTheOthersTakeThemAll() {
        handOverOnStop();
        List<String> uids = List.of("s1", "s2", "s3", "s4", "s5", "s6");
        uids.forEach(uid -> subscribed(a.broker(), uid, "g"));
        uids.forEach(uid -> awaitHeldBy(a, uid));

        b.broker().shutdown();
        a.broker().shutdown();

        assertEquals(List.of(), a.broker().sessions(), "each left as the replica it went to took it");
        await().atMost(WAIT).until(() -> c.broker().sessions().size() == uids.size());
        assertEquals(uids, c.broker().sessions().stream().map(s -> s.uid()).toList());
        assertEquals(List.of(), b.broker().sessions());
    }

    /**
     * Every replica hands its sessions over as it stops, for at most 20 s, taking those handed to it
     * on a pool closed after the test; and knows the others are alive (as it does once it has run
     * a heartbeat longer than they have).
     */
    void handOverOnStop() {
        for (Replica replica : List.of(a, b, c)) {
            replica.broker().handOverOnStop(Duration.ofSeconds(20), takes);
        }
        for (Replica replica : List.of(a, b, c)) {
            await().atMost(WAIT).until(() -> replica.relay().others().size() == 2);
        }
    }

    @AfterEach
    void stopTakes() {
        takes.shutdownNow();
    }

    /** Waits until the other replicas can see in the directory that this replica holds the session. */

    private static void awaitDelivered(Replica replica, long delivered) {
        await().atMost(WAIT).until(() -> replica.broker().stats().delivered() >= delivered);
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void publish(Broker broker, String group, String msg) {
        try {
            broker.publish(group, msg);
        } catch (BadGroupException e) {
            throw new AssertionError(e);
        }
    }
}

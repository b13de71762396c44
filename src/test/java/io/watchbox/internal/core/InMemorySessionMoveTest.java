package io.watchbox.internal.core;

import static io.watchbox.internal.core.Client.subscribed;
import static io.watchbox.internal.core.InMemoryReplicas.relayOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.EndReason;
import io.watchbox.WatchboxTimeout;
import io.watchbox.internal.core.ClusterReplicas.Replica;
import io.watchbox.internal.core.relay.CallKinds;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.protocol.CloseCodes;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SessionMoveTest} on replicas joined in memory; and holders that die, which Redis made awkward to arrange. */
class InMemorySessionMoveTest extends SessionMoveTest {

    @RegisterExtension
    final InMemoryReplicas replicas = new InMemoryReplicas(SETTINGS);

    @Override
    ClusterReplicas replicas() {
        return replicas;
    }

    @Test
    void aHelloForASessionWhoseHolderJustDiedStartsAnewOnceTheTakeTimesOutAndIsHeldWhereItStarted() {
        Client first = subscribed(a.broker(), "orphan", "g");
        awaitHeldBy(a, "orphan");
        relayOf(a).die();
        assertEquals(Optional.of(a.id()), b.relay().holderOf("orphan"), "its heartbeat is not overdue yet");

        Client second = new Client(b.broker());
        JsonObject welcome = second.resume(first, 0);

        assertFalse(welcome.getBoolean("resumed"), "the holder never answered the take");
        assertEquals(Optional.of(b.id()), c.relay().holderOf("orphan"));
        publish(c.broker(), "g", "to the new session");
        assertTrue(second.texts().isEmpty(), "a new session has no subscriptions");
    }

    @Test
    void aHolderWhoseHeartbeatIsOverdueOnTheClockHoldsNothingAndTheSessionStartsAnewAtOnce() {
        Client first = subscribed(a.broker(), "orphan", "g");
        awaitHeldBy(a, "orphan");
        relayOf(a).die();

        replicas.clock().advance(Duration.ofMillis(InMemoryCluster.OVERDUE_MILLIS));

        assertEquals(Optional.empty(), b.relay().holderOf("orphan"));
        assertFalse(new Client(b.broker()).resume(first, 0).getBoolean("resumed"));
    }

    @Test
    void aSessionWhoseHolderDiesHalfWayThroughTheMoveStartsAnewOnTheTakerAndNowhereElse() {
        Client first = subscribed(a.broker(), "mover", "g");
        awaitHeldBy(a, "mover");
        relayOf(a).dieAfterAnswering(CallKinds.TAKE);

        Client second = new Client(b.broker());
        JsonObject welcome = second.resume(first, 0);

        assertFalse(welcome.getBoolean("resumed"), "the holder let go, but its answer never came");
        assertEquals(List.of(CloseCodes.REPLACED), first.closeCodes(), "the holder closed the old socket as it let go");
        assertEquals(List.of(), a.broker().sessions(), "and kept no copy");
        assertEquals(List.of("mover"), b.broker().sessions().stream().map(s -> s.uid()).toList());
        assertEquals(Optional.of(b.id()), c.relay().holderOf("mover"));
        assertTrue(a.events().ended().isEmpty() && b.events().ended().isEmpty(), "no session ended on the way");
    }

    @Test
    void aTakeThatReachesAStoppedReplicaAfterItGaveTheSessionAwayFollowsItToWhereItWent() {
        handOverOnStop();
        Client first = subscribed(a.broker(), "follower", "g");
        awaitHeldBy(a, "follower");
        a.broker().shutdown();
        Replica holder = b.broker().session("follower").isPresent() ? b : c;
        Replica other = holder == b ? c : b;
        relayOf(a).held("follower"); // as the directory may still say for a moment
        assertEquals(Optional.of(a.id()), other.relay().holderOf("follower"));

        JsonObject welcome = new Client(other.broker()).resume(first, 0);

        assertTrue(welcome.getBoolean("resumed"), "a named the replica it gave the session to: " + welcome);
        assertEquals(List.of("follower"), other.broker().sessions().stream().map(s -> s.uid()).toList());
        assertEquals(List.of(), holder.broker().sessions());
    }

    /**
     * Seen in ClusterChaosIT: a holder on a loaded machine answered a take 2.5 s late, after the taker
     * had started a new session, and the session it gave away was lost. The taker waits while the
     * directory names the holder.
     */
    @Test
    void aHolderThatAnswersItsTakeLateButWhileItIsNamedGivesTheSessionToTheTaker() {
        Client first = subscribed(a.broker(), "slow", "g");
        awaitHeldBy(a, "slow");
        relayOf(a).answerAfter(Duration.ofMillis(2500));

        JsonObject welcome = new Client(b.broker()).resume(first, 0);

        assertTrue(welcome.getBoolean("resumed"), welcome.toString());
        assertEquals(List.of("slow"), b.broker().sessions().stream().map(s -> s.uid()).toList());
        assertEquals(List.of(), a.broker().sessions());
    }

    /**
     * A holder whose delivery thread is busy past the hello's wait has not begun the take when the
     * taker gives up: the take is withdrawn, the holder keeps the session, and the client is told to
     * try again rather than given a new session; its next hello resumes the session with what came
     * meanwhile. (Before, the holder gave the session away a moment later, to a taker that had
     * started a new session, and it was lost.)
     */
    @Test
    void aTakeGivenUpBeforeItsHolderBeganIsWithdrawnAndTheClientIsToldToTryAgain() {
        Client first = subscribed(a.broker(), "stalled", "g");
        awaitHeldBy(a, "stalled");
        relayOf(a).stallDeliveries(Duration.ofSeconds(6));
        Client busy = new Client(b.broker());

        assertNull(busy.resume(first, 0), "no welcome");
        assertEquals(List.of(CloseCodes.TRY_AGAIN_LATER), busy.closeCodes(), "a was too busy to give it in time");
        assertEquals(List.of(), b.broker().sessions(), "no new session stands in the way");
        assertEquals(Optional.of(a.id()), c.relay().holderOf("stalled"));

        publish(c.broker(), "g", "while away");
        Client retry = new Client(b.broker());
        JsonObject welcome = retry.resume(first, 0);
        assertTrue(welcome.getBoolean("resumed"), "a kept the session: " + welcome);
        await().atMost(Duration.ofSeconds(5)).until(() -> retry.texts().equals(List.of("while away")));
        assertEquals(List.of("stalled"), b.broker().sessions().stream().map(s -> s.uid()).toList());
        assertEquals(List.of(), a.broker().sessions());
    }

    /** Over MQTT: CONNACK "server busy", and the next CONNECT continues the session. */
    @Test
    void anMqttConnectWhoseTakeWasWithdrawnIsToldTheServerIsBusyAndTheNextContinuesTheSession() {
        new MqttClient(a.broker(), MqttVersion.V5, "alice").connectPersistent("dev7", 300).subscribe(1, "g", 1);
        awaitHeldBy(a, "dev7");
        relayOf(a).stallDeliveries(Duration.ofSeconds(6));

        MqttClient busy = new MqttClient(b.broker(), MqttVersion.V5, "alice").connectPersistent("dev7", 300);

        assertEquals(ReasonCode.SERVER_BUSY, busy.last(Packet.Connack.class).reason());
        assertEquals(List.of(CloseCodes.TRY_AGAIN_LATER), busy.closeCodes());
        MqttClient retry = new MqttClient(b.broker(), MqttVersion.V5, "alice").connectPersistent("dev7", 300);
        assertTrue(retry.last(Packet.Connack.class).sessionPresent(), "a kept the session, and gave it now");
    }

    /**
     * A holder that gave the session a moment before the taker gave up: the withdrawal comes too late
     * to stop it, and the taker waits for the session it was given rather than drop it.
     */
    @Test
    void aTakeGivenUpAfterItsHolderHadGivenTheSessionStillTakesIt() {
        Client first = subscribed(a.broker(), "inflight", "g");
        awaitHeldBy(a, "inflight");
        relayOf(a).answerAfter(Duration.ofMillis(5500));

        JsonObject welcome = new Client(b.broker()).resume(first, 0);

        assertTrue(welcome.getBoolean("resumed"), welcome.toString());
        assertEquals(List.of("inflight"), b.broker().sessions().stream().map(s -> s.uid()).toList());
        assertEquals(List.of(), a.broker().sessions());
    }

    /**
     * Seen in ClusterChaosIT: a client gave up on a hello that waited for a silent holder, and its
     * retry, with the key of the session it had, was refused with 4403 by the new session its given-up
     * hello had started. A session started in place of one another replica held ends with a
     * connection that never used it.
     */
    @Test
    void aSessionStartedInPlaceOfOneASilentHolderKeptEndsWithAConnectionThatNeverUsedIt() {
        Client first = subscribed(a.broker(), "gaveup", "g");
        awaitHeldBy(a, "gaveup");
        relayOf(a).die();
        Client gaveUp = new Client(b.broker());
        assertFalse(gaveUp.resume(first, 0).getBoolean("resumed"), "a never answered");

        gaveUp.drop();

        assertEquals(List.of(), b.broker().sessions(), "ended, holding nothing");
        Client retry = new Client(b.broker());
        assertFalse(retry.resume(first, 0).getBoolean("resumed"), "started anew, not refused");
        assertEquals(List.of(), retry.closeCodes());
        retry.subscribe("g").drop();
        assertEquals(List.of("gaveup"), b.broker().sessions().stream().map(s -> s.uid()).toList(),
                "a session its client used waits for it");
    }

    /** Over MQTT the retry was told "session present" by the session left behind, and did not subscribe again. */
    @Test
    void anMqttSessionStartedInPlaceOfOneASilentHolderKeptSaysSessionPresent0AfterAConnectionThatNeverUsedIt() {
        new MqttClient(a.broker(), MqttVersion.V5, "alice").connectPersistent("dev9", 300).subscribe(1, "g", 1);
        awaitHeldBy(a, "dev9");
        relayOf(a).die();
        MqttClient gaveUp = new MqttClient(b.broker(), MqttVersion.V5, "alice").connectPersistent("dev9", 300);
        assertFalse(gaveUp.last(Packet.Connack.class).sessionPresent(), "a never answered");

        gaveUp.drop();

        MqttClient retry = new MqttClient(b.broker(), MqttVersion.V5, "alice").connectPersistent("dev9", 300);
        assertFalse(retry.last(Packet.Connack.class).sessionPresent(), "a session without subscriptions is not present");
    }

    /**
     * Seen in ClusterChaosIT: a stopping replica closes its sockets before it hands its sessions over,
     * and answers nothing once it leaves; a client's take that found it silent asks the directory
     * again and takes the session from the replica it was handed to, rather than start anew.
     */
    @Test
    void aTakeItsHolderLeavesUnansweredGoesOnToTheReplicaTheDirectoryNamesNow() {
        Client first = subscribed(c.broker(), "chased", "g");
        awaitHeldBy(c, "chased");
        relayOf(a).held("chased"); // as the directory says until a's hand-over to c is done
        relayOf(a).die();

        JsonObject welcome = resumeWhileTheDirectoryTurnsTo(c, new Client(b.broker()), first);

        assertTrue(welcome.getBoolean("resumed"), welcome.toString());
        assertEquals(List.of("chased"), b.broker().sessions().stream().map(s -> s.uid()).toList());
        assertEquals(List.of(), c.broker().sessions());
        assertEquals(List.of(CloseCodes.REPLACED), first.closeCodes());
    }

    /** Resumes {@code first}'s session on {@code second}, the directory naming {@code holder} 300 ms into the take. */
    static JsonObject resumeWhileTheDirectoryTurnsTo(Replica holder, Client second, Client first) {
        ScheduledExecutorService directory = Executors.newSingleThreadScheduledExecutor();
        try {
            String uid = first.welcome().getString("uid");
            directory.schedule(() -> relayOf(holder).held(uid), 300, TimeUnit.MILLISECONDS);
            return second.resume(first, 0);
        } finally {
            directory.shutdownNow();
        }
    }

    /** Seen in ClusterChaosIT: the hand-over's take followed MOVED to the client's new replica and replaced it there. */
    @Test
    void aHandOverTakeThatComesAfterTheClientTookItsSessionElsewhereLeavesItThere() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Executor heldBack = task -> takes.execute(() -> {
            awaitQuietly(release);
            task.run();
        });
        handOverOnStop();
        b.broker().handOverOnStop(Duration.ofSeconds(20), heldBack);
        c.broker().handOverOnStop(Duration.ofSeconds(20), heldBack);
        // A uid that a asks b to take (its peers in order are b and c).
        String uid = IntStream.range(0, 100).mapToObj(i -> "quick" + i)
                .filter(u -> Math.floorMod(u.hashCode(), 2) == 0).findFirst().orElseThrow();
        Client first = subscribed(a.broker(), uid, "g");
        awaitHeldBy(a, uid);
        Thread stopping = new Thread(() -> a.broker().shutdown());
        stopping.start();
        await().atMost(WAIT).until(() -> first.closeCodes().equals(List.of(CloseCodes.GOING_AWAY)));

        Client second = new Client(c.broker());
        assertTrue(second.resume(first, 0).getBoolean("resumed"), "taken from a before b got to it");
        release.countDown();
        stopping.join();

        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> second.closeCodes().isEmpty());
        assertEquals(List.of(uid), c.broker().sessions().stream().map(s -> s.uid()).toList());
        assertEquals(List.of(), b.broker().sessions(), "b was told where it went, and left it there");
    }

    @Test
    void aSessionHandedOverWhileItsClientWasAwayTimesOutWhenItWouldHaveOnTheReplicaThatStopped() {
        handOverOnStop();
        Client away = subscribed(a.broker(), "away", "g");
        awaitHeldBy(a, "away");
        away.drop();
        replicas.clock().advance(Duration.ofSeconds(6));

        a.broker().shutdown();
        Replica taker = takerOf("away");
        replicas.clock().advance(timeout().minusSeconds(6).minusMillis(1));
        taker.broker().sweep();
        assertTrue(taker.broker().session("away").isPresent(), "away for a moment less than watchbox.timeout");

        replicas.clock().advance(Duration.ofMillis(1));
        taker.broker().sweep();

        assertEquals(List.of(new WatchboxTimeout("away", EndReason.TIMEOUT)), taker.events().ended(),
                "the 6 s it was away before the hand-over counted");
        assertEquals(List.of(), a.events().ended());
    }

    @Test
    void aSessionHandedOverWhileItsClientWasConnectedWaitsAWholeTimeoutFromTheStopHoweverLongTheClientWasQuiet() {
        handOverOnStop();
        Client quiet = subscribed(a.broker(), "quiet", "g");
        awaitHeldBy(a, "quiet");
        replicas.clock().advance(Duration.ofSeconds(6));

        a.broker().shutdown();
        Replica taker = takerOf("quiet");
        replicas.clock().advance(timeout().minusMillis(1));
        taker.broker().sweep();
        assertTrue(taker.broker().session("quiet").isPresent(), "its client was told to come back at the stop");

        replicas.clock().advance(Duration.ofMillis(1));
        taker.broker().sweep();

        assertEquals(List.of(new WatchboxTimeout("quiet", EndReason.TIMEOUT)), taker.events().ended());
        assertEquals(List.of(CloseCodes.GOING_AWAY), quiet.closeCodes());
    }

    @Test
    void anMqttSessionHandedOverWhileItsClientWasAwayEndsWhenItsOwnExpiryRunsOutFromTheDrop() {
        handOverOnStop();
        MqttClient device = new MqttClient(a.broker(), MqttVersion.V5, "alice").connectPersistent("dev1", 60);
        awaitHeldBy(a, "dev1");
        device.drop();
        replicas.clock().advance(Duration.ofSeconds(45));

        a.broker().shutdown();
        Replica taker = takerOf("dev1");
        replicas.clock().advance(Duration.ofSeconds(15).minusMillis(1));
        taker.broker().sweep();
        assertTrue(taker.broker().session("dev1").isPresent());

        replicas.clock().advance(Duration.ofMillis(1));
        taker.broker().sweep();

        assertEquals(List.of(new WatchboxTimeout("dev1", EndReason.TIMEOUT)), taker.events().ended(),
                "60 s after the drop, not after the hand-over");
    }

    @Test
    void aWillWhoseDelayRunsIsPublishedOnceWhenDueByTheReplicaThatTookItsSession() {
        Replica taker = takerAfterADropAndAStop(30, 300, Duration.ofSeconds(10));
        long published = publishedEverywhere();
        replicas.clock().advance(Duration.ofSeconds(20).minusMillis(1));
        sweepAll();
        assertEquals(published, publishedEverywhere(), "due 30 s after the drop, on no replica before");
        Client watcher = watcherOn(taker);

        replicas.clock().advance(Duration.ofMillis(1));
        sweepAll();

        assertEquals(List.of("gone"), watcher.texts());
        assertEquals("dev1", watcher.messages().get(0).getString("from"));
        replicas.clock().advance(Duration.ofSeconds(600));
        sweepAll();
        assertEquals(published + 1, publishedEverywhere(), "once, and the stopped replica kept none");
    }

    @Test
    void aWillWhoseSessionEndsBeforeItsDelayIsPublishedWhenTheSessionEndsOnTheReplicaThatTookIt() {
        Replica taker = takerAfterADropAndAStop(300, 60, Duration.ofSeconds(45));
        replicas.clock().advance(Duration.ofSeconds(15).minusMillis(1));
        taker.broker().sweep();
        Client watcher = watcherOn(taker);
        replicas.clock().advance(Duration.ofMillis(1));
        taker.broker().sweep();

        assertEquals(List.of(new WatchboxTimeout("dev1", EndReason.TIMEOUT)), taker.events().ended());
        assertEquals(List.of("gone"), watcher.texts(), "the session ended 60 s after the drop, before the will's 300 s");
    }

    @Test
    void aWillOfAClientConnectedAtTheStopWaitsForItsDelayFromTheStopOnTheReplicaThatTookTheSession() {
        handOverOnStop();
        MqttClient device = withDelayedWill(a, 30, 300);

        a.broker().shutdown();
        assertEquals(List.of(CloseCodes.GOING_AWAY), device.connection.closeCodes());
        device.drop(); // the container reports the close after the hand-over
        Replica taker = takerOf("dev1");
        long published = publishedEverywhere();
        replicas.clock().advance(Duration.ofSeconds(30).minusMillis(1));
        sweepAll();
        assertEquals(published, publishedEverywhere(), "not published at the close");
        Client watcher = watcherOn(taker);

        replicas.clock().advance(Duration.ofMillis(1));
        sweepAll();

        assertEquals(List.of("gone"), watcher.texts(), "nor lost");
        assertEquals(published + 1, publishedEverywhere());
    }

    @Test
    void aClientBackWithinTheDelayOnAnotherReplicaCancelsTheWillTheSessionBroughtAlong() {
        Replica other = takerAfterADropAndAStop(30, 300, Duration.ofSeconds(10)) == b ? c : b;
        long published = publishedEverywhere();

        MqttClient again = new MqttClient(other.broker(), MqttVersion.V5, "alice").connectPersistent("dev1", 300);
        assertTrue(again.last(Packet.Connack.class).sessionPresent());
        replicas.clock().advance(Duration.ofSeconds(60));
        sweepAll();

        assertEquals(published, publishedEverywhere(), "no will, on any replica");
    }

    @Test
    void aSessionItsClientTakesToAnotherReplicaWithinTheDelayPublishesNoWillOnEitherReplica() {
        MqttClient away = withDelayedWill(a, 30, 300);
        away.drop();
        MqttClient connected = withDelayedWill(b, 30, 300, "dev2");
        replicas.clock().advance(Duration.ofSeconds(10));
        long published = publishedEverywhere();

        assertTrue(new MqttClient(b.broker(), MqttVersion.V5, "alice").connectPersistent("dev1", 300)
                .last(Packet.Connack.class).sessionPresent());
        assertTrue(new MqttClient(a.broker(), MqttVersion.V5, "alice").connectPersistent("dev2", 300)
                .last(Packet.Connack.class).sessionPresent());
        connected.drop(); // the container reports the close of the connection taken over, after the move
        replicas.clock().advance(Duration.ofSeconds(60));
        sweepAll();

        assertEquals(published, publishedEverywhere(), "taken over within the delay: no will (MQTT 5.0, 3.1.4)");
        assertEquals(List.of(CloseCodes.REPLACED), connected.connection.closeCodes());
    }

    /**
     * dev1 with a delayed will ({@link #withDelayedWill}) drops from a, which stops {@code away} later
     * and hands its sessions over: the replica that took dev1's.
     */
    private Replica takerAfterADropAndAStop(int delaySeconds, int expirySeconds, Duration away) {
        handOverOnStop();
        withDelayedWill(a, delaySeconds, expirySeconds).drop();
        replicas.clock().advance(away);
        a.broker().shutdown();
        return takerOf("dev1");
    }

    /** An MQTT 5.0 client of alice as dev1 on the replica, with a will "gone" to status/dev1 delayed by {@code delaySeconds}. */
    private MqttClient withDelayedWill(Replica replica, int delaySeconds, int expirySeconds) {
        return withDelayedWill(replica, delaySeconds, expirySeconds, "dev1");
    }

    private MqttClient withDelayedWill(Replica replica, int delaySeconds, int expirySeconds, String clientId) {
        MqttClient client = new MqttClient(replica.broker(), MqttVersion.V5, "alice").connectWithWill(clientId,
                "status/" + clientId, "gone", Properties.builder().number(Property.WILL_DELAY_INTERVAL, delaySeconds).build(),
                expirySeconds);
        awaitHeldBy(replica, clientId);
        return client;
    }

    /**
     * A JSON client of status/# on the replica, subscribed just before a will is due: a connected
     * client silent for watchbox.timeout (10 s) times out, as the clock moves past it.
     */
    private static Client watcherOn(Replica replica) {
        return subscribed(replica.broker(), "watcher", "status/#");
    }

    /** How many messages were published on the replicas so far, wills included. */
    private long publishedEverywhere() {
        return List.of(a, b, c).stream().mapToLong(replica -> replica.broker().stats().published()).sum();
    }

    private void sweepAll() {
        List.of(a, b, c).forEach(replica -> replica.broker().sweep());
    }

    /** The replica that took a session a stopping replica handed over. */
    private Replica takerOf(String uid) {
        // The stopping replica lets the session go when the taker's take is answered; the taker holds
        // it a moment later, on its own thread (a loaded machine showed the gap).
        await(uid + " handed over").atMost(WAIT)
                .until(() -> b.broker().session(uid).isPresent() || c.broker().session(uid).isPresent());
        return b.broker().session(uid).isPresent() ? b : c;
    }

    private static Duration timeout() {
        return Duration.ofSeconds(SETTINGS.timeout());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theDirectoryEntryOfAKeptMqttSessionLastsAsLongAsItsExpiryOnEveryReplicaItMovesTo() {
        long timeoutEntry = (SETTINGS.timeout() + 10) * 1000L;
        assertEquals(timeoutEntry, relayOf(a).entryTtlMillis(), "a JSON session waits watchbox.timeout");
        MqttClient first = new MqttClient(a.broker(), MqttVersion.V5, "alice").connectPersistent("dev1", 3000);
        assertEquals(3_010_000L, relayOf(a).entryTtlMillis(), "longer than watchbox.timeout: its own expiry");
        awaitHeldBy(a, "dev1");
        first.drop();

        MqttClient again = new MqttClient(b.broker(), MqttVersion.V5, "alice").connectPersistent("dev1", 3000);

        assertTrue(again.last(Packet.Connack.class).sessionPresent());
        assertEquals(3_010_000L, relayOf(b).entryTtlMillis(), "the expiry moved with the session");
        assertEquals(timeoutEntry, relayOf(a).entryTtlMillis(), "and left its old replica");
    }
}

package io.watchbox.internal.core;

import static io.watchbox.internal.core.Client.subscribed;
import static io.watchbox.internal.core.SessionMoveTest.publish;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.core.ClusterReplicas.Replica;
import io.watchbox.internal.core.relay.ClusterState;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SessionAdoptionTest} through a real Redis: a crash is a relay closed without a hand-over,
 * which leaves the directory's entries of its sessions as a killed process does.
 */
class RedisSessionAdoptionTest extends SessionAdoptionTest {

    @RegisterExtension
    final RedisReplicas replicas = new RedisReplicas(SETTINGS).mirrored();

    @Override
    ClusterReplicas replicas() {
        return replicas;
    }

    @Override
    void crash(Replica replica) {
        replica.relay().close();
    }

    @Override
    void awaitGone(Replica replica, String uid) {
        await().atMost(WAIT).until(() -> b.relay().holderOf(uid).isEmpty() && c.relay().holderOf(uid).isEmpty());
    }

    /** watchbox.cluster.handover=0, or past its deadline: the sessions end with the replica, their copies stay. */
    @Test
    void aReplicaStoppedWithoutAHandOverLeavesItsSessionsToBeAdoptedAsAfterACrash() {
        Client first = subscribed(a.broker(), "left", "g");
        awaitHeldBy(a, "left");
        publish(b.broker(), "g", "before");
        await().atMost(WAIT).until(() -> first.texts().size() == 1);
        a.broker().shutdown();
        a.relay().close();
        awaitGone(a, "left");
        publish(b.broker(), "g", "after");

        Client second = new Client(c.broker());
        JsonObject welcome = second.resume(first, 1);

        assertTrue(welcome.getBoolean("resumed"), welcome.toString());
        await().atMost(WAIT).until(() -> !second.texts().isEmpty());
        assertEquals(List.of("after"), second.texts());
    }

    @Test
    void ofTwoReplicasThatClaimTheSameOrphanOneWins() {
        subscribed(a.broker(), "contested", "g");
        awaitHeldBy(a, "contested");
        crash(a);
        awaitGone(a, "contested");
        assertTrue(b.broker().mirror().orphan("contested").isPresent());

        List<Boolean> won = Stream.of(b, c).parallel()
                .map(replica -> replica.broker().mirror().claim("contested", a.id())).toList();

        assertEquals(1, won.stream().filter(Boolean::booleanValue).count(), won.toString());
        assertTrue(b.broker().mirror().orphan("contested").isEmpty() && c.broker().mirror().orphan("contested").isEmpty(),
                "the winner is alive: no orphan any more");
    }

    @Test
    void aSessionQuietForLongerThanItsCopysTimeToLiveIsStillAdopted() throws Exception {
        // Keys that last 9 s unless refreshed, as if watchbox.timeout were short: the heartbeat
        // refreshes them every 2.25 s, with the session's directory entry.
        a.relay().trackSessions(() -> a.broker().session("quiet").map(session -> List.of("quiet")).orElse(List.of()),
                () -> 9_000);
        Client first = subscribed(a.broker(), "quiet", "g");
        awaitHeldBy(a, "quiet");

        Thread.sleep(12_000); // no sub, no message: nothing but the refresh writes its copy meanwhile
        crash(a);
        awaitGone(a, "quiet");
        publish(b.broker(), "g", "while its client was away");
        Client second = new Client(c.broker());
        JsonObject welcome = second.resume(first, 0);

        assertTrue(welcome.getBoolean("resumed"), welcome.toString());
        await().atMost(WAIT).until(() -> second.texts().size() >= 1);
        assertEquals(List.of("while its client was away"), second.texts());
    }

    @Test
    void aRedisThatRestartedEmptyGetsEverySessionWrittenAgainAndACrashedReplicasSessionIsStillAdopted() throws Exception {
        Client first = subscribed(a.broker(), "again", "g");
        awaitHeldBy(a, "again");
        publish(b.broker(), "g", "before Redis restarted");
        await().atMost(WAIT).until(() -> first.texts().size() == 1);

        replicas.redis().stop();
        replicas.redis().start();
        await().atMost(WAIT).until(() -> Stream.of(a, b, c).allMatch(r -> r.relay().state() == ClusterState.CONNECTED));
        publish(b.broker(), "g", "after Redis restarted");
        await().atMost(WAIT).until(() -> first.texts().size() == 2);
        crash(a);
        awaitGone(a, "again");

        Client second = new Client(c.broker());
        JsonObject welcome = second.resume(first, 0);

        assertTrue(welcome.getBoolean("resumed"), welcome.toString());
        await().atMost(WAIT).until(() -> second.texts().size() >= 2);
        assertEquals(List.of("before Redis restarted", "after Redis restarted"), second.texts());
        assertEquals(List.of(1L, 2L), second.seqs());
    }
}

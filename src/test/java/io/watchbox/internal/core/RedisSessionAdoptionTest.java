package io.watchbox.internal.core;

import static io.watchbox.internal.core.Client.subscribed;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.core.ClusterReplicas.Replica;
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
}

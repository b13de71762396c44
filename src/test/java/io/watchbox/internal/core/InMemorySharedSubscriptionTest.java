package io.watchbox.internal.core;

import static io.watchbox.internal.core.Client.subscribed;
import static io.watchbox.internal.core.InMemoryReplicas.relayOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.core.ClusterReplicas.Replica;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shares ({@code $share/NAME/FILTER}) whose members are spread over replicas joined in memory: the
 * replicas claim each message and the winner alone gives it to a member, so the share as a whole
 * gets each message once; a replica whose members are busy claims only after the others.
 */
class InMemorySharedSubscriptionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SHARE = "$share/workers/jobs/+";
    private static final int LISTLIMIT = 3;

    @RegisterExtension
    final InMemoryReplicas replicas = new InMemoryReplicas(ValidSettings.DEFAULTS.withListlimit(LISTLIMIT));

    private Replica replicaA;
    private Replica replicaB;
    private Broker a;
    private Broker b;

    @BeforeEach
    void startReplicas() {
        replicaA = replicas.start();
        replicaB = replicas.start();
        a = replicaA.broker();
        b = replicaB.broker();
    }

    @Test
    void eachMessageReachesOneMemberOfTheShareWhicheverReplicaItIsPublishedOn() {
        Replica replicaC = replicas.start();
        Broker c = replicaC.broker();
        Client a1 = subscribed(a, "a1", SHARE);
        Client a2 = subscribed(a, "a2", SHARE);
        Client b1 = subscribed(b, "b1", SHARE);
        Client watcher = subscribed(c, "watcher", "jobs/+");
        List<String> published = new ArrayList<>();
        for (Broker on : List.of(a, b, c)) {
            Client publisher = new Client(on);
            publisher.hello(null);
            for (int i = 0; i < 10; i++) {
                String job = published.size() + " from " + (on == a ? "a" : on == b ? "b" : "c");
                publisher.publish("jobs/" + i, job);
                published.add(job);
            }
        }

        await().atMost(WAIT).until(() -> members(a1, a2, b1).size() >= published.size()
                && watcher.texts().size() >= published.size());
        assertEquals(published.stream().sorted().toList(), members(a1, a2, b1).stream().sorted().toList(),
                "every message once, over the share's members on both replicas");
        assertEquals(published.stream().sorted().toList(), watcher.texts().stream().sorted().toList(),
                "an ordinary subscriber gets them all, as ever");
        assertEquals(0, replicas.cluster().claimsMadeBy(replicaC.id()), "c has no member: it never claims");
        assertTrue(a1.texts().size() + a2.texts().size() > 0 && !b1.texts().isEmpty(),
                "the messages published on a replica with a free member go to it: both replicas took some");
    }

    @Test
    void aReplicaWhoseMembersAreOfflineLetsAFreeMemberOnAnotherReplicaTakeEachMessage() {
        Client a1 = subscribed(a, "a1", SHARE);
        a1.drop();
        Client b1 = subscribed(b, "b1", SHARE);
        Client publisher = new Client(a);
        publisher.hello(null);

        for (int i = 0; i < 5; i++) {
            publisher.publish("jobs/" + i, "job " + i);
        }

        await().atMost(WAIT).until(() -> b1.texts().size() == 5);
        assertEquals(List.of("job 0", "job 1", "job 2", "job 3", "job 4"), b1.texts());
        assertEquals(0, takenAfterTheDelayedClaims(a), "a's delayed claims all came too late");
    }

    @Test
    void aMemberWithAWholeQueueUnsentIsPassedOverForAFreeOneOnAnotherReplica() {
        Client a1 = subscribed(a, "a1", SHARE, "fill");
        a1.connection.hold();
        Client filler = new Client(a);
        filler.hello(null);
        // One goes in flight and stays there; the others wait behind it.
        for (int i = 0; i <= LISTLIMIT; i++) {
            filler.publish("fill", "filler " + i);
        }
        Client b1 = subscribed(b, "b1", SHARE);

        for (int i = 0; i < 4; i++) {
            filler.publish("jobs/" + i, "job " + i);
        }

        await().atMost(WAIT).until(() -> b1.texts().size() == 4);
        assertEquals(List.of("job 0", "job 1", "job 2", "job 3"), b1.texts());
        assertEquals(0, takenAfterTheDelayedClaims(a), "a's full member got none of them");
    }

    @Test
    void whenEveryMemberIsBusyEachMessageStillReachesOneOfThem() {
        subscribed(a, "a1", SHARE).drop();
        subscribed(b, "b1", SHARE).drop();
        Client publisher = new Client(a);
        publisher.hello(null);

        for (int i = 0; i < 6; i++) {
            publisher.publish("jobs/" + i, "job " + i);
        }
        assertEquals(0, a.stats().delivered() + b.stats().delivered(), "no one claims at once");
        replicas.cluster().runDelayedClaims();

        await().atMost(WAIT).until(() -> a.stats().delivered() + b.stats().delivered() == 6);
    }

    @Test
    void aMessageThatWasNotRelayedGoesToAMemberHereWithoutAClaim() {
        Client a1 = subscribed(a, "a1", SHARE);
        subscribed(b, "b1", SHARE);
        relayOf(replicaA).cutOff();
        Client publisher = new Client(a);
        publisher.hello(null);

        publisher.publish("jobs/1", "only a heard it");

        assertEquals(List.of("only a heard it"), a1.texts(), "delivered at once, as on a single node");
        assertEquals(0, replicas.cluster().claimsMadeBy(replicaA.id()));
    }

    @Test
    void twoSharesOfTheSameFilterEachGetTheMessageOnce() {
        Client a1 = subscribed(a, "a1", SHARE);
        Client b1 = subscribed(b, "b1", SHARE);
        Client auditA = subscribed(a, "audit-a", "$share/audit/jobs/+");
        Client auditB = subscribed(b, "audit-b", "$share/audit/jobs/+");
        Client publisher = new Client(b);
        publisher.hello(null);

        List<String> published = IntStream.range(0, 8).mapToObj(i -> "job " + i).toList();
        published.forEach(job -> publisher.publish("jobs/x", job));

        await().atMost(WAIT).until(() -> members(a1, b1).size() >= 8 && members(auditA, auditB).size() >= 8);
        assertEquals(published, members(a1, b1).stream().sorted().toList());
        assertEquals(published, members(auditA, auditB).stream().sorted().toList());
    }

    @Test
    void aClaimWonAfterTheLastMemberHereLeftIsCountedLost() {
        Client a1 = subscribed(a, "a1", SHARE);
        a1.drop();
        Client publisher = new Client(b);
        publisher.hello(null);

        publisher.publish("jobs/1", "no one left to take it");
        await().atMost(WAIT).until(() -> replicas.cluster().delayedClaims() == 1);
        Client back = new Client(a);
        back.resume(a1, 0);
        back.send("{'type':'unsub','id':'u','group':'" + SHARE + "'}");
        replicas.cluster().runDelayedClaims();

        await().atMost(WAIT).until(() -> a.stats().sharedLost() == 1);
        assertEquals(0, a.stats().claimsUnanswered());
    }

    @Test
    void aClaimRedisDoesNotAnswerIsTakenAndCounted() {
        Client a1 = subscribed(a, "a1", SHARE);
        subscribed(b, "b1", SHARE).drop();
        Client publisher = new Client(a);
        publisher.hello(null);

        publisher.publish("jobs/1", "claimed by a at once");
        await().atMost(WAIT).until(() -> replicas.cluster().delayedClaims() == 1);
        relayOf(replicaB).cutOff();
        replicas.cluster().runDelayedClaims();

        await().atMost(WAIT).until(() -> b.stats().claimsUnanswered() == 1);
        await().atMost(WAIT).until(() -> b.stats().delivered() == 1);
        assertEquals(List.of("claimed by a at once"), a1.texts(), "b took it as well: the one case of two copies");
    }

    /**
     * Runs the claims a replica delayed, then waits until it has handled their answers: a message
     * published on the other replica after them is handled behind them. How many messages it queued.
     */
    private long takenAfterTheDelayedClaims(Broker replica) {
        Client marker = subscribed(replica, "marker", "marker");
        long before = replica.stats().delivered();
        replicas.cluster().runDelayedClaims();
        Broker other = replica == a ? b : a;
        Client publisher = new Client(other);
        publisher.hello(null);
        publisher.publish("marker", "after the claims");
        await().atMost(WAIT).until(() -> marker.texts().size() == 1);
        return replica.stats().delivered() - before - 1;
    }

    private static List<String> members(Client... members) {
        return Stream.of(members).flatMap(member -> member.texts().stream()).toList();
    }
}

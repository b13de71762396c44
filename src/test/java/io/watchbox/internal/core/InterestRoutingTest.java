package io.watchbox.internal.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.Settings;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.cluster.ClusterSettings;
import io.watchbox.internal.cluster.ClusterState;
import io.watchbox.internal.cluster.RedisRelay;
import io.watchbox.internal.cluster.RedisServer;
import io.watchbox.internal.routing.BadGroupException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Messages go through Redis only to where some replica subscribes: real Redis, two brokers. */
class InterestRoutingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Longer than the warm-up after connecting, during which every message goes everywhere. */
    private static final Duration WARM_UP = Duration.ofMillis(5_500);

    private RedisServer redis;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final List<RedisRelay> relays = new ArrayList<>();
    private final MutableClock clock = new MutableClock();
    private Broker a;
    private Broker b;

    @BeforeEach
    void startReplicas() throws Exception {
        redis = RedisServer.startOnFreePort();
        a = replica();
        b = replica();
        Thread.sleep(WARM_UP.toMillis());
    }

    @AfterEach
    void stop() throws Exception {
        relays.forEach(RedisRelay::close);
        threads.shutdownNow();
        if (redis != null) {
            redis.close();
        }
    }

    private Broker replica() {
        Broker broker = new Broker(Settings.DEFAULTS, clock, new RecordingEvents());
        RedisRelay relay = RedisRelay.start(new ClusterSettings(redis.uri(), "test"), broker::deliverRelayed, threads);
        relays.add(relay);
        broker.relayThrough(relay);
        broker.startServing();
        await().atMost(WAIT).until(() -> relay.state() == ClusterState.CONNECTED);
        return broker;
    }

    @Test
    void aGroupThatOnlyThisReplicaSubscribesToNeverGoesThroughRedis() throws Exception {
        Client local = subscribed(a, "local", "rooms/a-only");

        for (int i = 0; i < 20; i++) {
            a.publish("rooms/a-only", "m" + i);
        }

        assertEquals(20, local.texts().size());
        assertEquals(0, a.stats().relayed() + a.stats().notRelayed(), "nothing sent to Redis");
    }

    @Test
    void aMessagePublishedRightAfterASubscribeIsAnsweredReachesTheSubscriberOnTheOtherReplica() throws Exception {
        for (int i = 0; i < 20; i++) {
            String group = "fresh/" + i;
            Client subscriber = subscribed(b, "sub-" + i, group);

            a.publish(group, "right after the ok");

            await().atMost(WAIT).until(() -> subscriber.texts().size() == 1);
        }
        assertEquals(20, a.stats().relayed());
    }

    @Test
    void wildcardsOnTheOtherReplicaDrawOnlyWhatTheyMatch() throws Exception {
        Client subscriber = subscribed(b, "wild", "sensors/+/temp");

        a.publish("sensors/kitchen/temp", "21");
        a.publish("sensors/kitchen/humidity", "40");
        a.publish("news", "nobody there");

        await().atMost(WAIT).until(() -> subscriber.texts().size() == 1);
        assertEquals(1, a.stats().relayed(), "only the matching message went through Redis");
    }

    @Test
    void aFilterNoSessionHasHadForTheGracePeriodIsWithdrawnAndItsMessagesStayLocal() throws Exception {
        Client subscriber = subscribed(b, "leaving", "fading");
        a.publish("fading", "while subscribed");
        await().atMost(WAIT).until(() -> subscriber.texts().size() == 1);

        subscriber.send("{'type':'unsub','group':'fading'}");
        clock.advance(Duration.ofMillis(LocalInterest.GRACE_MILLIS));
        b.sweep();
        Thread.sleep(2_000); // the withdrawal reaches the other replica as a call, in milliseconds
        a.publish("fading", "after");

        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> a.stats().relayed() == 1);
    }

    @Test
    void aSessionThatMovesKeepsGettingWhatItsOldReplicaPublishesThoughOnlyThatReplicaSubscribedBefore() throws Exception {
        Client first = subscribed(a, "solo", "solo/room");
        await().atMost(WAIT).until(() -> b.relay().holderOf("solo").isPresent());
        first.drop();
        a.publish("solo/room", "kept on a");

        Client second = new Client(b);
        second.resume(first, 0);
        a.publish("solo/room", "published on a right after the move");
        b.publish("solo/room", "published on b");

        await().atMost(WAIT).until(() -> second.texts().size() == 3);
        assertEquals("kept on a", second.texts().get(0));
        assertEquals(Set.of("published on a right after the move", "published on b"), Set.copyOf(second.texts().subList(1, 3)),
                "in publish order for each publisher; between two publishers, either may come first");
    }

    private static Client subscribed(Broker broker, String uid, String... filters) {
        Client client = new Client(broker);
        client.hello(uid);
        for (String filter : filters) {
            client.subscribe(filter);
        }
        return client;
    }
}

package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.ClusterView;
import io.watchbox.GroupInfo;
import io.watchbox.SessionInfo;
import io.watchbox.Settings;
import io.watchbox.StatsSample;
import io.watchbox.WatchboxAuthenticationException;
import io.watchbox.WatchboxAuthenticator;
import io.watchbox.WatchboxAuthorizer;
import io.watchbox.WatchboxIdentity;
import io.watchbox.WatchboxMessage;
import io.watchbox.WatchboxTimeout;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.access.AnonymousPolicy;
import io.watchbox.internal.config.ValidSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What administrators and the dashboard see: users, frames, the event backlog, groups, history, health. */
class AdminDataTest {

    private final MutableClock clock = new MutableClock();
    private final RecordingEvents events = new RecordingEvents();
    private final WatchboxAuthenticator authenticator = (token, handshake) -> {
        if (!token.startsWith("token-")) {
            throw new WatchboxAuthenticationException("unknown token");
        }
        return new WatchboxIdentity(token.substring(6), Set.of(), null);
    };
    private final Broker broker = new Broker(ValidSettings.builder().maxclients(2).build(), clock, events,
            new Access(WatchboxAuthorizer.ALLOW_ALL, authenticator, AnonymousPolicy.LOCAL));

    @Test
    void aSessionNamesTheUserOfItsClientOrNullWhenAnonymous() {
        new Client(broker).send("{'type':'hello','uid':'a1','token':'token-alice'}");
        new Client(broker).hello("anon");

        assertEquals("alice", broker.session("a1").orElseThrow().user());
        assertNull(broker.session("anon").orElseThrow().user());
    }

    @Test
    void framesSentCountsEveryFrameWritten() {
        Client alice = new Client(broker);
        alice.hello("alice");
        alice.subscribe("chat");
        Client bob = new Client(broker);
        bob.hello("bob");

        bob.publish("chat", "hi");

        // alice: welcome, ok, msg; bob: welcome, ok
        assertEquals(5, broker.stats().framesSent());
        assertEquals(alice.connection.sentCount() + bob.connection.sentCount(), broker.stats().framesSent());
    }

    @Test
    void theEventBacklogAndTheDroppedEventsAreWhatTheEventsSay() {
        Broker withBacklog = new Broker(Settings.DEFAULTS, clock, new BrokerEvents() {
            @Override
            public void clientPublished(WatchboxMessage message) {
            }

            @Override
            public void sessionEnded(WatchboxTimeout ended) {
            }

            @Override
            public int backlog() {
                return 42;
            }

            @Override
            public long dropped() {
                return 7;
            }
        });

        assertEquals(42, withBacklog.stats().eventBacklog());
        assertEquals(7, withBacklog.stats().eventsDropped());
    }

    @Test
    void groupsListEachFilterWithItsSubscribersSortedAndForgetEndedSessions() {
        Client alice = new Client(broker);
        alice.hello("alice");
        alice.subscribe("chat/+").subscribe("news");
        Client bob = new Client(broker);
        bob.hello("bob");
        bob.subscribe("chat/+");

        assertEquals(List.of(new GroupInfo("chat/+", 2), new GroupInfo("news", 1)), broker.groups());

        alice.send("{'type':'bye'}");

        assertEquals(List.of(new GroupInfo("chat/+", 1)), broker.groups());
    }

    @Test
    void onASingleNodeTheViewsAreThisBrokersOwnWithNoReplicaNamed() {
        Client alice = new Client(broker);
        alice.hello("alice");
        alice.subscribe("chat");

        ClusterView<List<SessionInfo>> sessions = broker.views().sessions();
        ClusterView<List<GroupInfo>> groups = broker.views().groups();

        assertEquals(broker.sessions(), sessions.value());
        assertNull(sessions.value().get(0).replica());
        assertEquals(List.of(), sessions.answered());
        assertTrue(sessions.complete());
        assertEquals(broker.groups(), groups.value());
        assertEquals(broker.stats(), broker.views().stats());
        assertNull(broker.views().stats().replicas(), "no breakdown");
        assertEquals(broker.session("alice"), broker.views().session("alice"));
    }

    @Test
    void theHistoryTakesRatesPerSecondOnTheInjectedClock() throws Exception {
        Client alice = new Client(broker);
        alice.hello("alice");
        alice.subscribe("chat");
        broker.sampleStats();

        for (int i = 0; i < 6; i++) {
            broker.publish("chat", "m" + i);
        }
        clock.advance(Duration.ofSeconds(2));
        broker.sampleStats();

        List<StatsSample> history = broker.statsHistory();
        assertEquals(1, history.size());
        StatsSample sample = history.get(0);
        assertEquals(clock.instant(), sample.time());
        assertEquals(3.0, sample.publishedPerSecond());
        assertEquals(3.0, sample.deliveredPerSecond());
        assertEquals(3.0, sample.framesPerSecond(), "six messages, one frame each, in two seconds");
        assertEquals(1, sample.sessions());
        assertEquals(1, sample.connected());
    }

    @Test
    void theHistoryKeepsFiveMinutes() {
        for (int second = 0; second <= Broker.HISTORY_SECONDS + 10; second++) {
            broker.sampleStats();
            clock.advance(Duration.ofSeconds(1));
        }

        assertEquals(Broker.HISTORY_SECONDS, broker.statsHistory().size());
    }

    @Test
    void readyOnceServingAndUntilStoppingOrFull() {
        assertEquals("starting", broker.notReadyBecause());

        broker.startServing();
        assertNull(broker.notReadyBecause());

        new Client(broker).hello("a");
        assertNull(broker.notReadyBecause(), "one of two");
        new Client(broker).hello("b");
        assertEquals("maxclients reached: 2 open sockets", broker.notReadyBecause());

        broker.shutdown();
        assertEquals("stopping", broker.notReadyBecause());
    }

    @Test
    void sessionsWaitingForAResumeCountTowardFull() {
        broker.startServing();
        Client a = new Client(broker);
        a.hello("a");
        Client b = new Client(broker);
        b.hello("b");
        a.drop();
        b.drop();

        assertEquals("maxclients reached: 2 sessions", broker.notReadyBecause());
    }

    @Test
    void theTimeSinceTheLastSweepShowsWhetherSweepsKeepComing() {
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Duration.ofSeconds(10), broker.sinceLastSweep());

        broker.sweep();

        assertTrue(broker.sinceLastSweep().isZero());
    }
}

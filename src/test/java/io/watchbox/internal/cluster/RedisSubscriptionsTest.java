package io.watchbox.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.cluster.GroupChannels.Subscription;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedisSubscriptionsTest {

    private final Subscription news = new Subscription(false, "w:g:news");
    private final Subscription sport = new Subscription(true, "w:g:sport*");
    private final RedisSubscriptions subscriptions = new RedisSubscriptions();

    @Test
    void onlyTheFirstUserSubscribes() {
        assertTrue(subscriptions.add(news));
        assertFalse(subscriptions.add(news));
        assertTrue(subscriptions.add(sport));
        assertEquals(Set.of(news, sport), subscriptions.listened());
    }

    @Test
    void aSubscriptionIsLetGoOnlyOnceItsLastUserIsGoneAndItsGraceIsOver() {
        subscriptions.add(news);
        subscriptions.add(news);
        subscriptions.remove(news, 100);
        assertEquals(List.of(), subscriptions.due(1_000), "one user is left");

        subscriptions.remove(news, 100);
        assertEquals(List.of(), subscriptions.due(99));
        assertTrue(subscriptions.listens(news), "still listened to within its grace");
        assertEquals(List.of(news), subscriptions.due(100));
        assertFalse(subscriptions.listens(news));
        assertEquals(List.of(), subscriptions.due(1_000), "let go once");
    }

    @Test
    void aUserBackWithinTheGraceKeepsTheSubscriptionWithoutSubscribingAgain() {
        subscriptions.add(news);
        subscriptions.remove(news, 100);
        assertFalse(subscriptions.add(news), "Redis still has it");
        assertEquals(List.of(), subscriptions.due(1_000));
        assertTrue(subscriptions.listens(news));
    }

    @Test
    void aSubscriptionRedisDidNotLetGoIsDueAgainUnlessUsedMeanwhile() {
        subscriptions.add(news);
        subscriptions.remove(news, 100);
        assertEquals(List.of(news), subscriptions.due(100));

        subscriptions.letGoLater(news, 200);
        assertTrue(subscriptions.listens(news), "Redis still sends it");
        assertFalse(subscriptions.add(news), "used again: no subscribe needed, and not let go");
        assertEquals(List.of(), subscriptions.due(1_000));

        subscriptions.remove(news, 300);
        assertEquals(List.of(news), subscriptions.due(300));
        subscriptions.add(news);
        subscriptions.letGoLater(news, 400);
        assertEquals(List.of(), subscriptions.due(1_000), "a subscription in use is not let go later");
    }

    @Test
    void removingWhatNoOneUsesChangesNothing() {
        subscriptions.remove(news, 0);
        assertEquals(List.of(), subscriptions.due(1_000));
        assertTrue(subscriptions.add(news));
    }
}

package io.watchbox.internal.cluster;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.watchbox.internal.cluster.GroupChannels.Subscription;
import io.watchbox.internal.core.relay.ClusterRelay;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.logging.RateLimitedLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * The subscribe commands of the listening connection: a filter is listened to before a {@code sub}
 * is answered (Redis confirms the subscription before any later publish, anywhere, runs); one no
 * session here uses is let go after {@link #GRACE_MILLIS}, and every one is sent again when Redis
 * is back. What is listened to is counted in {@link RedisSubscriptions}; this class sends the
 * commands that make Redis know it, and retries those Redis did not confirm.
 */
final class RedisListening {

    private static final Logger CLIENT_LOG = LoggingLevel.client();

    /** How long a channel no session here uses is still listened to. */
    static final long GRACE_MILLIS = 10_000;

    private final GroupChannels channels;
    private final RedisConnections connections;
    private final ReceivedNumbers numbers;
    /** Guarded by itself, and so are the subscribe commands: Redis runs them in the order of its changes. */
    private final RedisSubscriptions subscriptions = new RedisSubscriptions();
    /** Per subscription listened to, confirmed when Redis has it: guarded by {@link #subscriptions}. */
    private final Map<Subscription, CompletableFuture<Void>> confirmed = new HashMap<>();
    /** Subscriptions Redis refused or did not confirm, tried again at the next heartbeat: guarded by {@link #subscriptions}. */
    private final Set<Subscription> unconfirmed = new HashSet<>();
    private final LongAdder notLetGo = new LongAdder();
    // Per subscription: an outage fails every one of them at once.
    private final RateLimitedLog errors = RateLimitedLog.errors();

    RedisListening(GroupChannels channels, RedisConnections connections, ReceivedNumbers numbers) {
        this.channels = channels;
        this.connections = connections;
        this.numbers = numbers;
    }

    CompletableFuture<?> listen(String filter) {
        return listen(channels.subscription(filter));
    }

    void unlisten(String filter) {
        unlisten(channels.subscription(filter), System.currentTimeMillis() + GRACE_MILLIS);
    }

    CompletableFuture<?> listenToEverything() {
        return listen(channels.subscription(GroupChannels.EVERYTHING));
    }

    void unlistenToEverything() {
        unlisten(channels.subscription(GroupChannels.EVERYTHING), System.currentTimeMillis());
    }

    private CompletableFuture<?> listen(Subscription subscription) {
        synchronized (subscriptions) {
            if (subscriptions.add(subscription)) {
                CLIENT_LOG.info(() -> "Watchbox cluster: this replica listens to " + subscription.name());
                confirmed.put(subscription, subscribe(subscription));
            }
            return confirmed.getOrDefault(subscription, ClusterRelay.NOTHING_TO_WAIT_FOR);
        }
    }

    private void unlisten(Subscription subscription, long until) {
        synchronized (subscriptions) {
            subscriptions.remove(subscription, until);
        }
    }

    /**
     * Sends the subscribe command; its future completes when Redis has it. While Redis is out of
     * reach there is nothing to wait for: every subscription is sent again when it is back.
     */
    private CompletableFuture<Void> subscribe(Subscription subscription) {
        StatefulRedisPubSubConnection<byte[], byte[]> connection = connections.listener();
        if (connection == null || !connections.up()) {
            return ClusterRelay.NOTHING_TO_WAIT_FOR;
        }
        byte[] name = subscription.name().getBytes(StandardCharsets.UTF_8);
        try {
            RedisFuture<Void> sent = subscription.pattern() ? connection.async().psubscribe(name)
                    : connection.async().subscribe(name);
            return sent.toCompletableFuture().exceptionally(e -> {
                errors.warning("subscribe failed", () -> "Watchbox cluster: Redis did not confirm listening to "
                        + subscription.name() + " (" + e + "); trying again at the next heartbeat");
                synchronized (subscriptions) {
                    unconfirmed.add(subscription);
                }
                return null;
            });
        } catch (RuntimeException refused) {
            synchronized (subscriptions) {
                unconfirmed.add(subscription);
            }
            return ClusterRelay.NOTHING_TO_WAIT_FOR;
        }
    }

    /** At each heartbeat: lets go of what no session has used for the grace period, and retries what Redis did not confirm. */
    void tidy() {
        StatefulRedisPubSubConnection<byte[], byte[]> connection = connections.listener();
        synchronized (subscriptions) {
            for (Subscription retry : List.copyOf(unconfirmed)) {
                unconfirmed.remove(retry);
                if (subscriptions.listens(retry)) {
                    confirmed.put(retry, subscribe(retry));
                }
            }
            List<CompletableFuture<Boolean>> letGo = new ArrayList<>();
            List<Subscription> unusedNow = subscriptions.due(System.currentTimeMillis());
            for (Subscription unused : unusedNow) {
                confirmed.remove(unused);
                CLIENT_LOG.info(() -> "Watchbox cluster: this replica no longer listens to " + unused.name());
                byte[] name = unused.name().getBytes(StandardCharsets.UTF_8);
                try {
                    RedisFuture<Void> sent = unused.pattern() ? connection.async().punsubscribe(name)
                            : connection.async().unsubscribe(name);
                    letGo.add(sent.toCompletableFuture().handle((done, e) -> {
                        if (e != null) {
                            notLetGo(unused, e);
                        }
                        return e == null;
                    }));
                } catch (RuntimeException refused) {
                    notLetGo(unused, refused);
                }
            }
            // Redis answers after every message it sent on them: numbering per group starts over only
            // then, and once for all of them, since forgetting looks at every group kept.
            CompletableFuture.allOf(letGo.toArray(CompletableFuture[]::new)).thenRun(() -> {
                if (letGo.stream().anyMatch(CompletableFuture::join)) {
                    forgetGroupsNoLongerListenedTo(unusedNow);
                }
            });
        }
    }

    /**
     * Redis did not let go of a subscription no one here uses: it still sends what it carries, which
     * costs traffic only (the router drops what no session here matches). Let go of at the next
     * heartbeat, unless a session here uses it again meanwhile.
     */
    private void notLetGo(Subscription unused, Throwable why) {
        notLetGo.increment();
        errors.warning("unsubscribe failed", () -> "Watchbox cluster: Redis did not stop sending " + unused.name()
                + " here (" + why + "); trying again at the next heartbeat (counted as notLetGo in /stats)");
        synchronized (subscriptions) {
            subscriptions.letGoLater(unused, System.currentTimeMillis());
        }
    }

    /** Subscriptions Redis did not let go when asked. */
    long notLetGo() {
        return notLetGo.sum();
    }

    /** Every subscription again, on new connections to Redis (a restarted Redis knows none); completes when Redis has them all. */
    CompletableFuture<?> subscribeAll() {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        synchronized (subscriptions) {
            for (Subscription subscription : subscriptions.listened()) {
                CompletableFuture<Void> confirming = subscribe(subscription);
                confirmed.put(subscription, confirming);
                sent.add(confirming);
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    /**
     * Forgets where each group's numbering stood for the groups that only the subscriptions let go
     * covered: when one is listened to again, what passed in between is not a hole. Only the groups
     * those subscriptions covered are matched against the others, since a pass may look at every
     * group kept.
     */
    private void forgetGroupsNoLongerListenedTo(List<Subscription> letGo) {
        Set<Subscription> listened;
        synchronized (subscriptions) {
            listened = subscriptions.listened();
        }
        numbers.forgetGroups(group -> {
            String channel = channels.channel(group);
            return letGo.stream().anyMatch(gone -> gone.covers(channel))
                    && listened.stream().noneMatch(subscription -> subscription.covers(channel));
        });
    }
}

package io.watchbox.internal.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.watchbox.InvalidSettingException;
import io.watchbox.internal.core.relay.Answers;
import io.watchbox.internal.core.relay.ClusterRelay;
import io.watchbox.internal.core.relay.ClusterState;
import io.watchbox.internal.core.relay.MessageId;
import io.watchbox.internal.core.relay.RelayCounts;
import io.watchbox.internal.logging.LoggingLevel;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.net.ssl.TrustManagerFactory;

/**
 * Relays through Redis pub/sub, one channel per group ({@code PUBLISH <name>:g:<group> <frame>}):
 * each replica listens to the channels and patterns of its sessions' filters
 * ({@link GroupChannels}), so Redis sends a message only to the replicas that have a subscriber for
 * it, and a replica drops its own. Two connections: one publishes, one listens. Lettuce reconnects both with backoff; while
 * either is down, messages published here reach local subscribers only and are counted as not
 * relayed, and commands are refused at once rather than buffered (a message is relayed at its time
 * or not at all).
 *
 * <p>Exactly once and in order: one connection carries this replica's publishes, numbered under a
 * lock in the order they are written, and the receiving side drops a frame whose number is not
 * above the last one it delivered from that replica (Lettuce may write again, after a reconnect, a
 * command that Redis had already run; a channel and a pattern may both carry a message). Each frame
 * also carries its number within its group, and a receiver counts a number that skips some as that
 * many messages missed. Received messages leave Lettuce's event loop for the given executor, in order.
 *
 * <p>A filter is listened to before a {@code sub} is answered ({@link #listen}): Redis confirms the
 * subscription before any later publish, anywhere, runs. A session moving here listens to every
 * group until its own filters are in place ({@link #listenToEverything}). Unused channels are let go
 * after {@link #GRACE_MILLIS}, and every one is subscribed again when Redis is back.
 *
 * <p>Calls between replicas go on each replica's own channel ({@code <name>:replica:<id>}), which
 * the listening connection subscribes to as well: a call is sent on the publishing connection, so it
 * travels after every message relayed before it, and answered on the delivery executor, in order
 * with relayed messages. The heartbeat keeps this replica alive in Redis and the directory entries
 * of the sessions it holds ({@link RedisDirectory}).
 */
public final class RedisRelay implements ClusterRelay {

    /** Receives what other replicas published: deliver it to this replica's subscribers only. */
    @FunctionalInterface
    public interface Delivery {
        void deliver(String group, String msg, String from, MessageId id);
    }

    private static final Logger CLIENT_LOG = LoggingLevel.client();
    private static final Logger SERVER_LOG = LoggingLevel.server();
    private static final Logger ERROR_LOG = LoggingLevel.error();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration BACKOFF_MIN = Duration.ofMillis(100);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(5);
    private static final String URI_RANGE = "a Redis URI: redis://[[user:]password@]host[:port][/database], "
            + "rediss:// for TLS, or redis-socket:///path";

    /** How long a channel no session here uses is still listened to. */
    static final long GRACE_MILLIS = 10_000;
    /** Groups whose numbering is kept, per side: beyond it the least recently used are forgotten. */
    private static final int MAX_GROUPS = 100_000;

    private final String id;
    private final GroupChannels channels;
    private final byte[] inbox;
    private final String inboxPrefix;
    private final RedisDirectory directory;
    private final String where;
    private final ClientResources resources;
    private final RedisClient client;
    private final Delivery delivery;
    private final Executor deliveries;
    private final Object publishLock = new Object();
    private long nextSeq;
    /** Per group, the number of the last message relayed to it: under the publish lock. */
    private final Map<String, Long> groupSeqs = leastRecentlyUsed(MAX_GROUPS);
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    /** Per origin and group, the group number of its last message received here: guarded by itself. */
    private final Map<String, Long> lastOfGroup = leastRecentlyUsed(MAX_GROUPS);
    /** Guarded by itself, and so are the subscribe commands: Redis runs them in the order of its changes. */
    private final RedisSubscriptions subscriptions = new RedisSubscriptions();
    /** Per subscription listened to, confirmed when Redis has it: guarded by {@link #subscriptions}. */
    private final Map<GroupChannels.Subscription, CompletableFuture<Void>> confirmed = new HashMap<>();
    /** Subscriptions Redis refused or did not confirm, tried again at the next heartbeat: guarded by {@link #subscriptions}. */
    private final Set<GroupChannels.Subscription> unconfirmed = new HashSet<>();
    /** Per origin, the number of its last message delivered here: written in delivery order. */
    private final Map<String, Long> delivered = new ConcurrentHashMap<>();
    private final Map<Byte, CallHandler> handlers = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<byte[]>> calls = new ConcurrentHashMap<>();
    private final AtomicLong nextCall = new AtomicLong();
    private volatile Supplier<Collection<String>> trackedUids = List::of;
    private volatile LongSupplier entryTtlMillis = () -> 60_000;
    private final Set<RedisChannelHandler<?, ?>> open = ConcurrentHashMap.newKeySet();
    private final AtomicReference<ClusterState> reported = new AtomicReference<>(ClusterState.DISCONNECTED);
    private volatile boolean everConnected;
    /** Redis has every subscription of this replica, on the connections of this generation: guarded by this. */
    private volatile boolean listening;
    /** Counts the losses of a connection, so that subscriptions sent before one do not count after it: guarded by this. */
    private long connections;
    /** The generation whose subscriptions are being sent: guarded by this. */
    private long subscribing = -1;
    private final LongAdder relayed = new LongAdder();
    private final LongAdder notRelayed = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private volatile StatefulRedisConnection<byte[], byte[]> publisher;
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> listener;
    private volatile boolean closed;
    private final AtomicBoolean shutDown = new AtomicBoolean();
    private volatile long downSince;
    private volatile long lastRefresh;

    /**
     * Starts connecting in the background and returns at once: a replica whose Redis is down at
     * start-up serves its own clients and joins the cluster when Redis answers.
     *
     * @param executor where received messages are delivered (the container's managed executor)
     * @throws InvalidSettingException when the URI is not one, or the trust store cannot be read
     */
    public static RedisRelay start(ClusterSettings settings, Delivery delivery, Executor executor) {
        RedisURI uri = uri(settings.redis());
        TrustManagerFactory trust = settings.truststore() == null ? null
                : RedisTrust.load(settings.truststore(), settings.truststorePassword());
        RedisRelay relay = new RedisRelay(settings, uri, trust, delivery, executor);
        relay.resources.eventExecutorGroup().execute(() -> relay.connect(0));
        relay.resources.eventExecutorGroup().scheduleWithFixedDelay(relay::heartbeat, 0,
                RedisDirectory.HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        return relay;
    }

    /** The parsed URI; a value that is not one fails with a message naming the key (and no password). */
    public static RedisURI uri(String raw) {
        try {
            RedisURI parsed = RedisURI.create(raw.strip());
            if (parsed.getHost() == null && parsed.getSocket() == null) {
                throw new IllegalArgumentException("no host");
            }
            return parsed;
        } catch (RuntimeException e) {
            throw new InvalidSettingException(ClusterSettings.REDIS, ClusterSettings.redacted(raw), URI_RANGE);
        }
    }

    private RedisRelay(ClusterSettings settings, RedisURI uri, TrustManagerFactory trust, Delivery delivery,
            Executor executor) {
        this.id = newReplicaId();
        this.channels = new GroupChannels(settings.name());
        this.inboxPrefix = settings.name() + ":replica:";
        this.inbox = (inboxPrefix + id).getBytes(StandardCharsets.UTF_8);
        this.directory = new RedisDirectory(settings.name(), id, () -> publisher);
        this.where = ClusterSettings.redacted(settings.redis().strip()) + " (cluster " + settings.name() + ")";
        this.delivery = delivery;
        this.deliveries = new OrderedExecutor(executor);
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.fullJitter(BACKOFF_MIN, BACKOFF_MAX, 2, TimeUnit.MILLISECONDS)).build();
        this.client = RedisClient.create(resources, uri);
        ClientOptions.Builder options = ClientOptions.builder();
        if (trust != null) {
            // Else Lettuce trusts what the JVM's default trust manager trusts.
            options.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(trust).build());
        }
        client.setOptions(options
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                open.add(connection);
                stateChanged();
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                open.remove(connection);
                stateChanged();
            }
        });
        this.downSince = System.currentTimeMillis();
    }

    /** This replica's id in relayed frames: random, so that a restarted replica is a new one. */
    @Override
    public String replicaId() {
        return id;
    }

    /** Opens both connections and subscribes; on failure tries again later, with backoff. */
    private void connect(int attempt) {
        if (closed) {
            return;
        }
        StatefulRedisPubSubConnection<byte[], byte[]> subscribing = null;
        try {
            if (publisher == null) {
                publisher = client.connect(ByteArrayCodec.INSTANCE);
            }
            if (listener == null) {
                subscribing = client.connectPubSub(ByteArrayCodec.INSTANCE);
                subscribing.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(byte[] on, byte[] frame) {
                        if (Arrays.equals(on, inbox)) {
                            inbox(frame);
                        } else {
                            received(frame);
                        }
                    }

                    @Override
                    public void message(byte[] pattern, byte[] on, byte[] frame) {
                        received(frame);
                    }
                });
                subscribing.sync().subscribe(inbox);
                listener = subscribing;
            }
            if (closed) {
                // close() ran meanwhile and may not have seen these connections.
                publisher.closeAsync();
                listener.closeAsync();
                return;
            }
            stateChanged();
        } catch (RuntimeException e) {
            if (subscribing != null && listener != subscribing) {
                subscribing.closeAsync();
            }
            if (closed) {
                return;
            }
            if (attempt == 0) {
                ERROR_LOG.warning(() -> "Watchbox cluster: cannot reach Redis at " + where + " (" + reason(e)
                        + "); messages reach this replica's subscribers only until it answers; retrying");
            }
            long delay = Math.min(BACKOFF_MAX.toMillis(), BACKOFF_MIN.toMillis() << Math.min(attempt, 6));
            resources.eventExecutorGroup().schedule(() -> connect(attempt + 1), delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public Relayed relay(String group, String msg, String from) {
        StatefulRedisConnection<byte[], byte[]> connection = publisher;
        if (connection == null || !connectionsUp()) {
            notRelayed.increment();
            return Relayed.NOT;
        }
        byte[] frame = RelayCodec.encode(id, group, from, msg);
        try {
            // Numbered and written in the same order: Lettuce queues commands in call order.
            byte[] channel = channels.channel(group).getBytes(StandardCharsets.UTF_8);
            synchronized (publishLock) {
                long seq = ++nextSeq;
                long groupSeq = groupSeqs.merge(group, 1L, Long::sum);
                CompletableFuture<Long> sent = connection.async().publish(channel, RelayCodec.stamp(frame, seq, groupSeq))
                        .toCompletableFuture();
                sent.whenComplete((replicas, e) -> {
                    if (e == null) {
                        relayed.increment();
                    } else {
                        notRelayed.increment();
                    }
                });
                return new Relayed(seq, sent);
            }
        } catch (RuntimeException refused) {
            notRelayed.increment();
            return Relayed.NOT;
        }
    }

    @Override
    public Map<String, Long> watermarks() {
        Map<String, Long> marks = new HashMap<>(delivered);
        synchronized (publishLock) {
            marks.put(id, nextSeq);
        }
        return marks;
    }

    @Override
    public void trackSessions(Supplier<Collection<String>> uids, LongSupplier ttlMillis) {
        trackedUids = uids;
        entryTtlMillis = ttlMillis;
    }

    @Override
    public Optional<String> holderOf(String uid) {
        if (state() != ClusterState.CONNECTED) {
            return Optional.empty();
        }
        try {
            return directory.holderOf(uid);
        } catch (RuntimeException e) {
            ERROR_LOG.warning(() -> "Watchbox cluster: Redis did not say which replica holds session " + uid
                    + " (" + e.getMessage() + "); starting it here");
            return Optional.empty();
        }
    }

    @Override
    public void held(String uid) {
        directory.held(uid, entryTtlMillis.getAsLong());
    }

    @Override
    public void released(String uid) {
        directory.released(uid);
    }

    @Override
    public void answer(byte kind, CallHandler handler) {
        handlers.put(kind, handler);
    }

    @Override
    public CompletableFuture<byte[]> call(String replica, byte kind, byte[] body) {
        return call(replica, kind, body, COMMAND_TIMEOUT);
    }

    @Override
    public CompletableFuture<byte[]> call(String replica, byte kind, byte[] body, Duration within) {
        if (closed) {
            // Its event loop, which would time the call out, is gone.
            return CompletableFuture.failedFuture(new IllegalStateException("this replica's relay is closed"));
        }
        long callId = nextCall.incrementAndGet();
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        calls.put(callId, answer);
        answer.whenComplete((a, e) -> calls.remove(callId));
        resources.eventExecutorGroup().schedule(() -> answer.completeExceptionally(
                new TimeoutException("replica " + replica + " did not answer within " + within.toMillis() + " ms")),
                within.toMillis(), TimeUnit.MILLISECONDS);
        if (!send(replica, InboxCodec.call(kind, callId, id, body))) {
            answer.completeExceptionally(new IllegalStateException("Redis is out of reach"));
        }
        return answer;
    }

    @Override
    public CompletableFuture<Answers> callEveryone(byte kind, byte[] body) {
        Set<String> asked = directory.others();
        Map<String, byte[]> answers = new ConcurrentHashMap<>();
        CompletableFuture<?>[] each = asked.stream()
                .map(replica -> call(replica, kind, body).handle((answer, e) -> {
                    if (answer != null) {
                        answers.put(replica, answer);
                    }
                    return null;
                }))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(each).thenApply(done -> new Answers(answers, asked.stream()
                .filter(replica -> !answers.containsKey(replica)).collect(Collectors.toSet())));
    }

    @Override
    public Set<String> others() {
        return directory.others();
    }

    @Override
    public CompletableFuture<?> listen(String filter) {
        return listen(channels.subscription(filter));
    }

    @Override
    public void unlisten(String filter) {
        unlisten(channels.subscription(filter), System.currentTimeMillis() + GRACE_MILLIS);
    }

    @Override
    public CompletableFuture<?> listenToEverything() {
        return listen(channels.subscription(GroupChannels.EVERYTHING));
    }

    @Override
    public void unlistenToEverything() {
        unlisten(channels.subscription(GroupChannels.EVERYTHING), System.currentTimeMillis());
    }

    private CompletableFuture<?> listen(GroupChannels.Subscription subscription) {
        synchronized (subscriptions) {
            if (subscriptions.add(subscription)) {
                CLIENT_LOG.info(() -> "Watchbox cluster: this replica listens to " + subscription.name());
                confirmed.put(subscription, subscribe(subscription));
            }
            return confirmed.getOrDefault(subscription, NOTHING_TO_WAIT_FOR);
        }
    }

    private void unlisten(GroupChannels.Subscription subscription, long until) {
        synchronized (subscriptions) {
            subscriptions.remove(subscription, until);
        }
    }

    /**
     * Sends the subscribe command; its future completes when Redis has it. While Redis is out of
     * reach there is nothing to wait for: every subscription is sent again when it is back.
     */
    private CompletableFuture<Void> subscribe(GroupChannels.Subscription subscription) {
        StatefulRedisPubSubConnection<byte[], byte[]> connection = listener;
        if (connection == null || !connectionsUp()) {
            return NOTHING_TO_WAIT_FOR;
        }
        byte[] name = subscription.name().getBytes(StandardCharsets.UTF_8);
        try {
            RedisFuture<Void> sent = subscription.pattern() ? connection.async().psubscribe(name)
                    : connection.async().subscribe(name);
            return sent.toCompletableFuture().exceptionally(e -> {
                ERROR_LOG.warning(() -> "Watchbox cluster: Redis did not confirm listening to " + subscription.name()
                        + " (" + e + "); trying again at the next heartbeat");
                synchronized (subscriptions) {
                    unconfirmed.add(subscription);
                }
                return null;
            });
        } catch (RuntimeException refused) {
            synchronized (subscriptions) {
                unconfirmed.add(subscription);
            }
            return NOTHING_TO_WAIT_FOR;
        }
    }

    /** Lets go of what no session has used for the grace period, and retries what Redis did not confirm. */
    private void tidySubscriptions() {
        StatefulRedisPubSubConnection<byte[], byte[]> connection = listener;
        synchronized (subscriptions) {
            for (GroupChannels.Subscription retry : List.copyOf(unconfirmed)) {
                unconfirmed.remove(retry);
                if (subscriptions.listens(retry)) {
                    confirmed.put(retry, subscribe(retry));
                }
            }
            List<CompletableFuture<Boolean>> letGo = new ArrayList<>();
            List<GroupChannels.Subscription> unusedNow = subscriptions.due(System.currentTimeMillis());
            for (GroupChannels.Subscription unused : unusedNow) {
                confirmed.remove(unused);
                CLIENT_LOG.info(() -> "Watchbox cluster: this replica no longer listens to " + unused.name());
                byte[] name = unused.name().getBytes(StandardCharsets.UTF_8);
                try {
                    RedisFuture<Void> sent = unused.pattern() ? connection.async().punsubscribe(name)
                            : connection.async().unsubscribe(name);
                    letGo.add(sent.toCompletableFuture().handle((done, e) -> e == null));
                } catch (RuntimeException refused) {
                    // Redis is out of reach: listening a little longer than needed costs nothing but traffic.
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
     * Every subscription again, on new connections to Redis (a restarted Redis knows none); the
     * relay is connected once Redis has them all, unless the connections changed meanwhile.
     */
    private void subscribeAll(long generation) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        synchronized (subscriptions) {
            for (GroupChannels.Subscription subscription : subscriptions.listened()) {
                CompletableFuture<Void> confirming = subscribe(subscription);
                confirmed.put(subscription, confirming);
                sent.add(confirming);
            }
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).whenComplete((done, e) -> {
            synchronized (this) {
                listening = generation == connections && connectionsUp();
            }
            stateChanged();
        });
    }

    /**
     * Forgets where each group's numbering stood for the groups that only the subscriptions let go
     * covered: when one is listened to again, what passed in between is not a hole. Only the groups
     * those subscriptions covered are matched against the others, since a pass may look at every
     * group kept.
     */
    private void forgetGroupsNoLongerListenedTo(List<GroupChannels.Subscription> letGo) {
        Set<GroupChannels.Subscription> listened;
        synchronized (subscriptions) {
            listened = subscriptions.listened();
        }
        synchronized (lastOfGroup) {
            lastOfGroup.keySet().removeIf(key -> {
                String channel = channels.channel(key.substring(key.indexOf('\n') + 1));
                return letGo.stream().anyMatch(gone -> gone.covers(channel))
                        && listened.stream().noneMatch(subscription -> subscription.covers(channel));
            });
        }
    }

    /** Publishes to another replica's channel, in order with this replica's relayed messages. */
    private boolean send(String replica, byte[] frame) {
        StatefulRedisConnection<byte[], byte[]> connection = publisher;
        if (connection == null || state() != ClusterState.CONNECTED) {
            return false;
        }
        try {
            synchronized (publishLock) {
                connection.async().publish((inboxPrefix + replica).getBytes(StandardCharsets.UTF_8), frame);
            }
            return true;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    /** On Lettuce's event loop: a call is answered in order with relayed deliveries, an answer completes its call. */
    private void inbox(byte[] bytes) {
        InboxFrame frame = InboxCodec.decode(bytes).orElse(null);
        if (frame instanceof InboxFrame.Answer answer) {
            CompletableFuture<byte[]> waiting = calls.get(answer.id());
            if (waiting != null) {
                waiting.complete(answer.body());
            }
        } else if (frame instanceof InboxFrame.Call call) {
            CallHandler handler = handlers.get(call.kind());
            if (handler == null) {
                ERROR_LOG.warning(() -> "Watchbox cluster: ignored a call of kind " + call.kind() + " from replica "
                        + call.from() + " that this version of Watchbox does not answer");
                return;
            }
            deliveries.execute(() -> send(call.from(), InboxCodec.answer(call.id(), handler.answer(call.from(), call.body()))));
        } else {
            ERROR_LOG.warning(() -> "Watchbox cluster: ignored a frame on this replica's channel"
                    + " that is not one of this version of Watchbox");
        }
    }

    /** Every {@link RedisDirectory#HEARTBEAT_MILLIS}: alive, and the directory entries of the sessions held here. */
    private void heartbeat() {
        if (closed || state() != ClusterState.CONNECTED) {
            return;
        }
        try {
            directory.heartbeat();
            tidySubscriptions();
            long now = System.currentTimeMillis();
            long ttl = entryTtlMillis.getAsLong();
            // An entry lasts a session's timeout and more: refreshed a few times within it.
            if (now - lastRefresh >= Math.max(RedisDirectory.HEARTBEAT_MILLIS, ttl / 4)) {
                lastRefresh = now;
                directory.refresh(trackedUids.get(), ttl);
            }
        } catch (RuntimeException e) {
            ERROR_LOG.warning(() -> "Watchbox cluster: heartbeat failed: " + e);
        }
    }

    /** On Lettuce's event loop, one listener connection, frames in the order Redis ran their publishes. */
    private void received(byte[] bytes) {
        RelayFrame frame = RelayCodec.decode(bytes).orElse(null);
        if (frame == null) {
            ERROR_LOG.warning(() -> "Watchbox cluster: ignored a frame from " + where
                    + " that is not one of this version of Watchbox");
            return;
        }
        if (frame.origin().equals(id)) {
            return;
        }
        Long last = lastSeen.get(frame.origin());
        if (last != null && frame.seq() <= last) {
            return; // sent again after a reconnect, or on both a channel and a pattern
        }
        lastSeen.put(frame.origin(), frame.seq());
        String key = frame.origin() + '\n' + frame.group(); // a group holds no control character
        synchronized (lastOfGroup) {
            Long lastInGroup = lastOfGroup.put(key, frame.groupSeq());
            if (lastInGroup != null && frame.groupSeq() > lastInGroup + 1) {
                countMissed(frame.origin(), frame.groupSeq() - lastInGroup - 1);
            }
        }
        deliveries.execute(() -> {
            delivery.deliver(frame.group(), frame.msg(), frame.from(), new MessageId(frame.origin(), frame.seq()));
            delivered.put(frame.origin(), frame.seq());
            received.increment();
        });
    }

    private void countMissed(String origin, long holes) {
        missed.add(holes);
        ERROR_LOG.warning(() -> "Watchbox cluster: " + holes + " messages from replica " + origin
                + " never reached this replica (counted as missed in /stats)");
    }

    /** Connected once both connections are up and Redis has every subscription of this replica. */
    @Override
    public ClusterState state() {
        return connectionsUp() && listening ? ClusterState.CONNECTED : ClusterState.DISCONNECTED;
    }

    private boolean connectionsUp() {
        StatefulRedisConnection<byte[], byte[]> p = publisher;
        StatefulRedisPubSubConnection<byte[], byte[]> l = listener;
        return !closed && p != null && l != null && open.contains(p) && open.contains(l);
    }

    /**
     * Logs each change of state once: the outage when it starts, the recovery when it ends. Both
     * connections' event loops call it; serialized, so that a stale reading cannot log last. When
     * both connections are up again, subscribes again before saying so.
     */
    private synchronized void stateChanged() {
        if (!connectionsUp()) {
            listening = false;
            connections++;
        } else if (!listening && subscribing != connections) {
            subscribing = connections;
            long generation = connections;
            resources.eventExecutorGroup().execute(() -> subscribeAll(generation));
        }
        ClusterState now = state();
        ClusterState before = reported.getAndSet(now);
        if (before == now || closed) {
            return;
        }
        if (now == ClusterState.CONNECTED) {
            // Back at once in the directory and among the live, not at the next beat: Redis may
            // have restarted empty, and a session moving meanwhile would not find its holder.
            lastRefresh = 0;
            resources.eventExecutorGroup().execute(this::heartbeat);
            long away = System.currentTimeMillis() - downSince;
            boolean again = everConnected;
            everConnected = true;
            SERVER_LOG.info(() -> "Watchbox cluster: replica " + id + " relays through Redis at " + where
                    + (again ? " again, after " + away + " ms without it; " + notRelayed.sum()
                    + " messages not relayed so far" : ""));
        } else {
            downSince = System.currentTimeMillis();
            ERROR_LOG.warning(() -> "Watchbox cluster: lost Redis at " + where + "; messages reach this replica's "
                    + "subscribers only until it is back (counted as notRelayed in /stats); reconnecting");
        }
    }

    @Override
    public RelayCounts counts() {
        return new RelayCounts(relayed.sum(), notRelayed.sum(), received.sum(), missed.sum());
    }

    @Override
    public void close() {
        if (!closed && state() == ClusterState.CONNECTED) {
            directory.leave();
        }
        closed = true;
        if (!shutDown.compareAndSet(false, true)) {
            return;
        }
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } finally {
            // Waits for Lettuce's threads, so that none outlives the application.
            try {
                resources.shutdown(0, 2, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                ERROR_LOG.warning(() -> "Watchbox cluster: the Redis client's threads did not stop in time: " + e);
            }
        }
    }

    /**
     * Lettuce's "Unable to connect", with what lay under it: a refused connection, a wrong password
     * (Redis's WRONGPASS, which does not repeat the password), an untrusted certificate.
     */
    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure || root.getMessage() == null ? failure.getMessage()
                : failure.getMessage() + ": " + root.getMessage();
    }

    private static <K, V> Map<K, V> leastRecentlyUsed(int capacity) {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    private static String newReplicaId() {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            id.append(Character.forDigit(random.nextInt(36), 36));
        }
        return id.toString();
    }
}

package io.watchbox.internal.cluster;

import io.lettuce.core.RedisURI;
import io.watchbox.InvalidSettingException;
import io.watchbox.internal.core.relay.Answers;
import io.watchbox.internal.core.relay.ClusterRelay;
import io.watchbox.internal.core.relay.ClusterState;
import io.watchbox.internal.core.relay.MessageId;
import io.watchbox.internal.core.relay.RelayCounts;
import io.watchbox.internal.core.relay.SessionMirror;
import io.watchbox.internal.logging.RateLimitedLog;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.retained.RetainedMessages;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.net.ssl.TrustManagerFactory;

/**
 * Relays through Redis pub/sub, one channel per group ({@code PUBLISH <name>:g:<group> <frame>}):
 * each replica listens to the channels and patterns of its sessions' filters
 * ({@link GroupChannels}), so Redis sends a message only to the replicas that have a subscriber for
 * it, and a replica drops its own. The parts, each with one job:
 * <ul>
 * <li>{@link RedisConnections}: the two connections, one publishes and one listens, their
 *     reconnection, and where the replica stands;</li>
 * <li>{@link Publishing}: this replica's messages and call frames, numbered in the order they are
 *     published, and {@link HeldMessages}: those Redis has not confirmed, held while it is out of
 *     reach and written in order when it is back, and {@link ReplicasListening}: whether the other
 *     replicas listen again before they are;</li>
 * <li>{@link RelayReceiver} and {@link ReceivedNumbers}: the other replicas' messages, each
 *     delivered once and in order, their holes counted per group;</li>
 * <li>{@link RedisListening}: which channels and patterns Redis sends here;</li>
 * <li>{@link ReplicaCalls}: calls between replicas and their answers;</li>
 * <li>{@link RedisDirectory}: the live replicas and which one holds which session, kept alive by
 *     the heartbeat here;</li>
 * <li>{@link ShareClaims}: which replica gives a relayed message to a member of a share.</li>
 * <li>{@link RedisSessionMirror}, with {@code watchbox.cluster.mirror}: the sessions held here copied
 *     to Redis for another replica to adopt them after a crash, and this replica's messages kept in
 *     a stream ({@link Publishing}) for the adopter to replay.</li>
 * </ul>
 * Received messages and calls leave Lettuce's event loop for the given executor, in order.
 */
public final class RedisRelay implements ClusterRelay {

    /** Receives what other replicas published: deliver it to this replica's subscribers only. */
    @FunctionalInterface
    public interface Delivery {
        void deliver(String group, Payload payload, String from, MessageId id, int qos, MessageProperties properties);
    }

    /**
     * How often held messages are checked against the outage bounds and, while Redis is in reach,
     * offered to it again: also the longest a held message waits past its bound.
     */
    static final long RESUME_MILLIS = 250;
    /** The longest time between two refreshes of the directory entries of the sessions held here. */
    private static final long MAX_REFRESH_MILLIS = 60_000;
    private static final String URI_RANGE = "a Redis URI: redis://[[user:]password@]host[:port][/database], "
            + "rediss:// for TLS, redis-socket:///path, or redis-sentinel://[password@]host1[:port1][,host2[:port2]]..."
            + "[/database]#masterId for the primary that Redis Sentinel names";

    private final String id;
    private final OutageBounds outage;
    private final RedisConnections connections;
    private final RedisDirectory directory;
    private final Publishing publishing;
    private final ReplicasListening listeningAgain;
    private final ReceivedNumbers numbers;
    private final RelayReceiver receiver;
    private final RedisListening listening;
    private final ReplicaCalls calls;
    private final RedisRetainedMessages retained;
    private final ShareClaims claims;
    private final String clusterName;
    private final Executor executor;
    /** The thread of the ordered lane: deliveries, calls' answers, share claims. */
    private final ExecutorService lane;
    private volatile RedisSessionMirror mirror;
    private volatile Supplier<Collection<String>> trackedUids = List::of;
    private volatile LongSupplier entryTtlMillis = () -> 60_000;
    private volatile long lastRefresh;
    // A heartbeat fails every 2 s while Redis misbehaves, a directory look-up at every hello.
    private final RateLimitedLog errors = RateLimitedLog.errors();

    /**
     * Starts connecting in the background and returns at once: a replica whose Redis is down at
     * start-up serves its own clients and joins the cluster when Redis answers.
     *
     * @param executor for the mirror's work (the container's managed executor)
     * @param laneThread makes the one thread that delivers received messages and answers other
     *                   replicas' calls, in order (the container's managed thread factory): a thread
     *                   of its own, since the container's shared threads can all be busy, a
     *                   {@code hello} waiting on each for its session's holder, and the holders' answers
     *                   then came seconds late
     * @throws InvalidSettingException when the URI is not one, or the trust store cannot be read
     */
    public static RedisRelay start(ClusterSettings settings, Delivery delivery, Executor executor,
                                   ThreadFactory laneThread) {
        return start(settings, delivery, executor, laneThread, Duration.ofMillis(RedisDirectory.ALIVE_MILLIS));
    }

    /** {@link #start(ClusterSettings, Delivery, Executor, ThreadFactory)} with a plain thread for the lane (tests). */
    public static RedisRelay start(ClusterSettings settings, Delivery delivery, Executor executor) {
        return start(settings, delivery, executor, Executors.defaultThreadFactory());
    }

    /**
     * {@link #start(ClusterSettings, Delivery, Executor)}, forgetting a replica that the directory no
     * longer lists once nothing came from it for {@code forgetAfter} (tests set it short).
     */
    static RedisRelay start(ClusterSettings settings, Delivery delivery, Executor executor, Duration forgetAfter) {
        return start(settings, delivery, executor, Executors.defaultThreadFactory(), forgetAfter);
    }

    private static RedisRelay start(ClusterSettings settings, Delivery delivery, Executor executor,
                                    ThreadFactory laneThread, Duration forgetAfter) {
        RedisURI uri = uri(settings.redis());
        TrustManagerFactory trust = settings.truststore() == null ? null
                : RedisTrust.load(settings.truststore(), settings.truststorePassword());
        RedisRelay relay = new RedisRelay(settings, uri, trust, delivery, executor,
                Executors.newSingleThreadExecutor(laneThread), forgetAfter);
        relay.connections.start();
        relay.connections.timer().scheduleWithFixedDelay(relay::heartbeat, 0, RedisDirectory.HEARTBEAT_MILLIS,
                TimeUnit.MILLISECONDS);
        relay.connections.timer().scheduleWithFixedDelay(relay::resumeHeld, RESUME_MILLIS, RESUME_MILLIS,
                TimeUnit.MILLISECONDS);
        return relay;
    }

    /** The parsed URI; a value that is not one fails with a message naming the key (and no password). */
    public static RedisURI uri(String raw) {
        try {
            RedisURI parsed = RedisURI.create(raw.strip());
            boolean sentinel = !parsed.getSentinels().isEmpty();
            if (parsed.getHost() == null && parsed.getSocket() == null && !sentinel) {
                throw new IllegalArgumentException("no host");
            }
            // Without it Lettuce would fail at every connect, not here: the sentinels name no primary.
            if (sentinel && (parsed.getSentinelMasterId() == null || parsed.getSentinelMasterId().isBlank())) {
                throw new IllegalArgumentException("no master id");
            }
            return parsed;
        } catch (RuntimeException e) {
            throw new InvalidSettingException(ClusterSettings.REDIS, ClusterSettings.redacted(raw), URI_RANGE);
        }
    }

    private RedisRelay(ClusterSettings settings, RedisURI uri, TrustManagerFactory trust, Delivery delivery,
            Executor executor, ExecutorService lane, Duration forgetAfter) {
        this.id = newReplicaId();
        this.clusterName = settings.name();
        this.executor = executor;
        this.outage = settings.outage();
        this.numbers = new ReceivedNumbers(System::currentTimeMillis, forgetAfter.toMillis());
        String where = ClusterSettings.redacted(settings.redis().strip()) + " (cluster " + settings.name() + ")";
        String inboxPrefix = settings.name() + ":replica:";
        GroupChannels channels = new GroupChannels(settings.name());
        this.lane = lane;
        Executor deliveries = new OrderedExecutor(lane);
        this.connections = new RedisConnections(id, where, uri, trust,
                (inboxPrefix + id).getBytes(StandardCharsets.UTF_8), new RedisConnections.Owner() {
                    @Override
                    public void inbox(byte[] frame) {
                        calls.inbox(frame);
                    }

                    @Override
                    public void group(byte[] frame) {
                        receiver.received(frame);
                    }

                    @Override
                    public CompletableFuture<?> subscribeAll() {
                        return listening.subscribeAll();
                    }

                    @Override
                    public void connected() {
                        // Back at once in the directory and among the live, not at the next beat: Redis may
                        // have restarted empty, and a session moving meanwhile would not find its holder.
                        lastRefresh = 0;
                        listeningAgain.connected();
                        publishing.resume();
                        heartbeat();
                        RedisSessionMirror mirroring = mirror;
                        if (mirroring != null) {
                            mirroring.connected();
                        }
                    }

                    @Override
                    public void lost() {
                        // The live replicas of the last heartbeat: those to wait for when Redis is back.
                        listeningAgain.remember(directory.others());
                        publishing.holdUntilResumed();
                    }

                    @Override
                    public long notRelayed() {
                        return publishing.notRelayed();
                    }
                });
        this.directory = new RedisDirectory(settings.name(), id, connections::publisher);
        this.listeningAgain = new ReplicasListening(inboxPrefix, connections, System::currentTimeMillis);
        this.publishing = new Publishing(id, channels, inboxPrefix, connections, settings.outage(),
                System::currentTimeMillis, listeningAgain::back);
        this.receiver = new RelayReceiver(id, where, delivery, deliveries, numbers);
        this.listening = new RedisListening(channels, connections, numbers);
        this.calls = new ReplicaCalls(id, publishing, connections, deliveries, directory::others);
        this.retained = new RedisRetainedMessages(settings.name(), connections::publisher);
        this.claims = new ShareClaims(settings.name(), id, connections, deliveries);
    }

    /**
     * Starts mirroring this replica's sessions in Redis ({@code watchbox.cluster.mirror}): from now on
     * each message relayed from here is also kept in this replica's stream, and the returned mirror
     * copies the sessions given to it. Call it once, before clients connect.
     *
     * @param listlimit how many kept messages each session's copy keeps
     */
    public SessionMirror mirrorSessions(IntSupplier listlimit) {
        RedisSessionMirror started = new RedisSessionMirror(clusterName, id, connections, executor, listlimit,
                () -> entryTtlMillis.getAsLong());
        publishing.keepIn(RedisSessionMirror.streamKey(clusterName, id).getBytes(StandardCharsets.UTF_8));
        mirror = started;
        return started;
    }

    /** The cluster's retained messages, in Redis, read and changed over this replica's connection that publishes. */
    public RetainedMessages retainedMessages() {
        return retained;
    }

    /** This replica's id in relayed frames: random, so that a restarted replica is a new one. */
    @Override
    public String replicaId() {
        return id;
    }

    @Override
    public Relayed relay(String group, Payload payload, String from, int qos, MessageProperties properties) {
        return publishing.relay(group, payload, from, qos, properties);
    }

    @Override
    public CompletableFuture<Boolean> claim(String share, MessageId message, Duration after) {
        return claims.claim(share, message, after);
    }

    @Override
    public Duration longestHold() {
        return Duration.ofSeconds(outage.seconds()).plusMillis(RESUME_MILLIS + 2 * ANSWER_WAIT_MILLIS);
    }

    @Override
    public Map<String, Long> watermarks() {
        Map<String, Long> marks = numbers.delivered();
        marks.put(id, publishing.lastSeq());
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
            errors.warning("holder unknown", () -> "Watchbox cluster: Redis did not say which replica holds session "
                    + uid + " (" + e.getMessage() + "); starting it here");
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
        calls.answer(kind, handler);
    }

    @Override
    public CompletableFuture<byte[]> call(String replica, byte kind, byte[] body) {
        return call(replica, kind, body, RedisConnections.COMMAND_TIMEOUT);
    }

    @Override
    public CompletableFuture<byte[]> call(String replica, byte kind, byte[] body, Duration within) {
        return calls.call(replica, kind, body, within);
    }

    @Override
    public void withdraw(CompletableFuture<byte[]> call) {
        calls.withdraw(call);
    }

    @Override
    public CompletableFuture<Answers> callEveryone(byte kind, byte[] body) {
        return calls.callEveryone(kind, body, RedisConnections.COMMAND_TIMEOUT);
    }

    @Override
    public Set<String> others() {
        return directory.others();
    }

    @Override
    public CompletableFuture<?> listen(String filter) {
        return listening.listen(filter);
    }

    @Override
    public void unlisten(String filter) {
        listening.unlisten(filter);
    }

    @Override
    public CompletableFuture<?> listenToEverything() {
        return listening.listenToEverything();
    }

    @Override
    public void unlistenToEverything() {
        listening.unlistenToEverything();
    }

    /**
     * Every {@link #RESUME_MILLIS}: while nothing is held, which replicas to wait for should Redis go
     * away; while messages are held and Redis is back, whether those replicas listen again; then
     * drops what waited past the bounds, and lets the rest go once they do.
     */
    private void resumeHeld() {
        try {
            boolean connected = state() == ClusterState.CONNECTED;
            if (!publishing.holding()) {
                if (connected) {
                    listeningAgain.remember(directory.others());
                }
            } else if (connected) {
                listeningAgain.ask();
            }
            publishing.resume();
        } catch (RuntimeException e) {
            errors.warning("resume failed", () -> "Watchbox cluster: could not offer the held messages to Redis again", e);
        }
    }

    /**
     * Every {@link RedisDirectory#HEARTBEAT_MILLIS}: alive, the directory entries of the sessions held
     * here, and the numbering of replicas that are gone forgotten.
     */
    private void heartbeat() {
        if (state() != ClusterState.CONNECTED) {
            return;
        }
        try {
            directory.heartbeat();
            listening.tidy();
            numbers.forgetGone(directory.others());
            long now = System.currentTimeMillis();
            long ttl = entryTtlMillis.getAsLong();
            // An entry lasts as long as a session waits for its client and more: refreshed a few times
            // within it, and at least every minute, so that a long MQTT session expiry does not leave the
            // sessions started meanwhile out of the directory for hours.
            if (now - lastRefresh >= Math.max(RedisDirectory.HEARTBEAT_MILLIS, Math.min(ttl / 4, MAX_REFRESH_MILLIS))) {
                lastRefresh = now;
                Collection<String> held = trackedUids.get();
                directory.refresh(held, ttl);
                if (mirror != null) {
                    mirror.refresh(held, ttl);
                    // This replica's stream lasts as long as a session it held may wait for an adopter.
                    connections.publisher().async().pexpire(
                            RedisSessionMirror.streamKey(clusterName, id).getBytes(StandardCharsets.UTF_8), ttl);
                }
            }
        } catch (RuntimeException e) {
            errors.warning("heartbeat failed", () -> "Watchbox cluster: heartbeat failed", e);
        }
    }

    /** Connected once both connections are up and Redis has every subscription of this replica. */
    @Override
    public ClusterState state() {
        return connections.state();
    }

    @Override
    public RelayCounts counts() {
        return new RelayCounts(publishing.relayed(), publishing.notRelayed(), receiver.received(), receiver.missed(),
                receiver.ignored() + calls.ignored(), calls.failed(), publishing.notSent(), listening.notLetGo(),
                claims.unanswered(), publishing.outageHeld(), publishing.outageRelayed(), publishing.outageDropped());
    }

    @Override
    public void close() {
        if (state() == ClusterState.CONNECTED) {
            directory.leave();
        }
        connections.close();
        publishing.close();
        lane.shutdown();
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

package io.watchbox.internal.core;

import io.watchbox.GroupFilter;
import io.watchbox.internal.core.relay.Answers;
import io.watchbox.internal.core.relay.CallWithdrawnException;
import io.watchbox.internal.core.relay.ClusterRelay;
import io.watchbox.internal.core.relay.ClusterState;
import io.watchbox.internal.core.relay.MessageId;
import io.watchbox.internal.core.relay.RelayCounts;
import io.watchbox.internal.core.relay.RemoteCallException;
import io.watchbox.internal.core.relay.SessionMirror;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.logging.RateLimitedLog;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One replica's relay through an {@link InMemoryCluster}: what {@code RedisRelay} promises the
 * broker, in one JVM. Messages it relays are numbered, in all and per group, and go to every other
 * replica that is up and listens to a filter matching the group; each replica receives on one thread
 * of its own, in the order the hub took the messages, and counts a per-group number that skips some as
 * that many missed. Calls are answered on that same thread, in order with the messages. As
 * {@code RedisRelay}'s: a handler that throws fails the call at once with a {@link RemoteCallException}
 * (what crosses a wire is the class name and message, not the throwable), a call of a kind the callee
 * does not answer is ignored there and times out, a call withdrawn before the callee began it fails
 * at once with a {@link CallWithdrawnException}, and a call on a closed relay fails at once; a
 * replica gone from the directory and not heard from within {@link InMemoryCluster#ALIVE_MILLIS} on
 * the clock is forgotten, so it no longer rides along in the {@link #watermarks()}.
 *
 * <p>Faults a test can inject: {@link #die()} (stops beating and answering; the others see it gone as
 * the cluster's clock passes), {@link #cutOff()} and {@link #reconnect()} (messages relayed meanwhile
 * never reach it, and it relays nothing), {@link #dieAfterAnswering(byte)} (dies half-way through a
 * call), {@link #holdConfirmations()} (relayed, but not yet confirmed,
 * as when Redis pauses writes), {@link #answerAfter(Duration)} (slow answers), and
 * {@link #stallDeliveries(Duration)} (a busy delivery thread).
 */
final class InMemoryRelay implements ClusterRelay {

    /** Receives what other replicas published: deliver it to this replica's subscribers only. */
    @FunctionalInterface
    interface Delivery {
        void deliver(String group, Payload msg, String from, MessageId id, int qos, MessageProperties properties);
    }

    private enum Link {
        UP, CUT_OFF, DEAD, CLOSED
    }

    private static final Logger ERROR_LOG = LoggingLevel.error();

    private final InMemoryCluster cluster;
    private final String id;
    private final Delivery delivery;
    private final ExecutorService deliveries;
    private final Map<Byte, CallHandler> handlers = new ConcurrentHashMap<>();

    // Guarded by the cluster, as Redis's state is by its one thread; the link is read without it too.
    private volatile Link link = Link.UP;
    private long lastBeat;
    private long nextSeq;
    private final Map<String, Long> groupSeqs = new HashMap<>();
    /** Each filter listened to, with how many sessions here use it. */
    private final Map<String, Integer> filters = new HashMap<>();
    /** Per origin, when on the cluster's clock its last message reached the hub for this replica. */
    private final Map<String, Long> lastHeard = new HashMap<>();
    private int everything;
    private boolean holdingConfirmations;
    private final List<CompletableFuture<Boolean>> unconfirmed = new ArrayList<>();

    /** Per origin and group, the group number of the last message received: the delivery thread's only. */
    private final Map<String, Long> lastOfGroup = new HashMap<>();
    /** Per origin, the number of its last message delivered here: written in delivery order. */
    private final Map<String, Long> delivered = new ConcurrentHashMap<>();
    private volatile Supplier<Collection<String>> trackedUids = List::of;
    private volatile LongSupplier entryTtlMillis = () -> 60_000;
    private volatile Duration answerDelay = Duration.ZERO;
    /** This replica's calls not answered yet, and the replica each went to. */
    private final Map<CompletableFuture<byte[]>, InMemoryRelay> awaited = new ConcurrentHashMap<>();
    /** Other replicas' calls queued on the delivery thread and not begun: an answer or a withdrawal removes one. */
    private final Set<CompletableFuture<byte[]>> queued = ConcurrentHashMap.newKeySet();
    private volatile Byte dieAfterAnswering;
    private final LongAdder relayed = new LongAdder();
    private final LongAdder notRelayed = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder callsFailed = new LongAdder();
    private final LongAdder notSent = new LongAdder();
    private final LongAdder claimsUnanswered = new LongAdder();
    // Per call, as RedisRelay's: a handler that keeps failing shows once a minute, not per call.
    private final RateLimitedLog errors = RateLimitedLog.errors();

    InMemoryRelay(InMemoryCluster cluster, String id, Delivery delivery) {
        this.cluster = cluster;
        this.id = id;
        this.delivery = delivery;
        this.deliveries = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "in-memory-relay-" + id);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String replicaId() {
        return id;
    }

    @Override
    public Relayed relay(String group, Payload msg, String from, int qos, MessageProperties properties) {
        synchronized (cluster) {
            if (link != Link.UP) {
                notRelayed.increment();
                return Relayed.NOT;
            }
            long seq = ++nextSeq;
            long groupSeq = groupSeqs.merge(group, 1L, Long::sum);
            cluster.published(id, new SessionMirror.Replayed(group, msg, from, new MessageId(id, seq), qos, properties));
            for (InMemoryRelay other : cluster.reachable()) {
                if (other != this && other.listensTo(group)) {
                    other.receive(id, seq, group, groupSeq, msg, from, qos, properties);
                }
            }
            CompletableFuture<Boolean> sent = new CompletableFuture<>();
            sent.thenRun(relayed::increment);
            if (holdingConfirmations) {
                unconfirmed.add(sent);
            } else {
                sent.complete(true);
            }
            return new Relayed(seq, sent);
        }
    }

    private boolean listensTo(String group) {
        return everything > 0 || filters.keySet().stream().anyMatch(filter -> GroupFilter.matches(filter, group));
    }

    /** Holding the cluster: queued for this replica's delivery thread, behind what came before. */
    private void receive(String origin, long seq, String group, long groupSeq, Payload msg, String from, int qos,
                         MessageProperties properties) {
        lastHeard.put(origin, cluster.now());
        deliveries.execute(() -> {
            if (link == Link.DEAD || link == Link.CLOSED) {
                return;
            }
            Long lastInGroup = lastOfGroup.put(origin + '\n' + group, groupSeq);
            if (lastInGroup != null && groupSeq > lastInGroup + 1) {
                missed.add(groupSeq - lastInGroup - 1);
            }
            try {
                delivery.deliver(group, msg, from, new MessageId(origin, seq), qos, properties);
            } catch (RuntimeException e) {
                ERROR_LOG.log(Level.WARNING, "a relayed message could not be delivered", e);
            }
            delivered.put(origin, seq);
            received.increment();
        });
    }

    /**
     * As {@code ShareClaims}': first come first served, answered on the delivery thread; a replica
     * cut off counts its claim as unanswered and takes the message. A delayed claim waits for
     * {@link InMemoryCluster#runDelayedClaims()}.
     */
    @Override
    public CompletableFuture<Boolean> claim(String share, MessageId message, Duration after) {
        CompletableFuture<Boolean> won = new CompletableFuture<>();
        Runnable send = () -> {
            boolean taken;
            synchronized (cluster) {
                if (link == Link.UP) {
                    taken = cluster.claim(message.origin() + ':' + message.seq() + ':' + share, id);
                } else {
                    claimsUnanswered.increment();
                    taken = true;
                }
            }
            try {
                deliveries.execute(() -> won.complete(taken));
            } catch (RejectedExecutionException closed) {
                // Closed meanwhile: the replica takes nothing any more.
            }
        };
        if (after.isZero()) {
            send.run();
        } else {
            cluster.delayClaim(send);
        }
        return won;
    }

    /** Forgets the replicas gone by now, as {@code RedisRelay}'s heartbeat would have, then reads the marks. */
    @Override
    public Map<String, Long> watermarks() {
        synchronized (cluster) {
            if (link == Link.UP) {
                forgetGone(cluster.othersThan(id), cluster.now());
            }
            Map<String, Long> marks = new HashMap<>(delivered);
            marks.put(id, nextSeq);
            return marks;
        }
    }

    /**
     * Holding the cluster, as {@code ReceivedNumbers.forgetGone}: a replica is gone when the directory
     * no longer lists it and nothing came from it for {@link InMemoryCluster#ALIVE_MILLIS}. Both, so
     * that one that died a moment ago, whose last messages a session moving now may still need the
     * watermark of, is kept. Its numbering per group goes on the delivery thread, which owns it.
     */
    private void forgetGone(Set<String> live, long now) {
        Set<String> known = new HashSet<>(lastHeard.keySet());
        known.addAll(delivered.keySet());
        Set<String> gone = new HashSet<>();
        for (String origin : known) {
            Long heard = lastHeard.get(origin);
            if (!live.contains(origin) && (heard == null || now - heard >= InMemoryCluster.ALIVE_MILLIS)) {
                gone.add(origin);
            }
        }
        if (gone.isEmpty()) {
            return;
        }
        lastHeard.keySet().removeAll(gone);
        delivered.keySet().removeAll(gone);
        deliveries.execute(() -> lastOfGroup.keySet().removeIf(key -> gone.contains(key.substring(0, key.indexOf('\n')))));
    }

    @Override
    public ClusterState state() {
        return link == Link.UP ? ClusterState.CONNECTED : ClusterState.DISCONNECTED;
    }

    /**
     * As {@code RedisRelay}'s, but for two counts: {@code ignored} counts only calls of a kind this
     * replica does not answer, since no frame of another version can reach it in memory; and
     * {@code notLetGo} stays 0, since a filter no session uses is let go at once and cannot fail to be.
     */
    @Override
    public RelayCounts counts() {
        return new RelayCounts(relayed.sum(), notRelayed.sum(), received.sum(), missed.sum(), ignored.sum(),
                callsFailed.sum(), notSent.sum(), 0, claimsUnanswered.sum());
    }

    @Override
    public void trackSessions(Supplier<Collection<String>> uids, LongSupplier ttlMillis) {
        trackedUids = uids;
        entryTtlMillis = ttlMillis;
    }

    @Override
    public Optional<String> holderOf(String uid) {
        return link == Link.UP ? cluster.holderOf(id, uid) : Optional.empty();
    }

    @Override
    public void held(String uid) {
        if (link == Link.UP) {
            cluster.held(id, uid, entryTtlMillis.getAsLong());
        }
    }

    @Override
    public void released(String uid) {
        if (link == Link.UP) {
            cluster.released(id, uid);
        }
    }

    @Override
    public void answer(byte kind, CallHandler handler) {
        handlers.put(kind, handler);
    }

    @Override
    public CompletableFuture<byte[]> call(String replica, byte kind, byte[] body) {
        return call(replica, kind, body, cluster.callTimeout());
    }

    @Override
    public CompletableFuture<byte[]> call(String replica, byte kind, byte[] body, Duration within) {
        if (link == Link.CLOSED) {
            return CompletableFuture.failedFuture(new IllegalStateException("this replica's relay is closed"));
        }
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        cluster.timer().schedule(() -> answer.completeExceptionally(new TimeoutException(
                "replica " + replica + " did not answer within " + within.toMillis() + " ms")),
                within.toMillis(), TimeUnit.MILLISECONDS);
        synchronized (cluster) {
            if (link != Link.UP) {
                // As a call RedisRelay could not publish: failed at once, counted as not sent.
                notSent.increment();
                answer.completeExceptionally(new IllegalStateException("the cluster is out of reach"));
                return answer;
            }
            // Like a publish to a channel no one listens to: a call to a replica that is not up is lost.
            cluster.replica(replica).filter(InMemoryRelay::isUp).ifPresent(callee -> {
                awaited.put(answer, callee);
                answer.whenComplete((a, e) -> awaited.remove(answer));
                callee.called(this, kind, body, answer);
            });
        }
        return answer;
    }

    /** As {@code RedisRelay}'s: a callee up that has not begun the call drops it and says so at once. */
    @Override
    public void withdraw(CompletableFuture<byte[]> call) {
        InMemoryRelay callee = awaited.get(call);
        if (callee != null && callee.isUp() && callee.queued.remove(call)) {
            call.completeExceptionally(new CallWithdrawnException(callee.id));
        }
    }

    /** Holding the cluster: the call is answered on the delivery thread, in order with the messages before it. */
    private void called(InMemoryRelay caller, byte kind, byte[] body, CompletableFuture<byte[]> answer) {
        queued.add(answer);
        deliveries.execute(() -> {
            if (!queued.remove(answer) || link != Link.UP) {
                return;
            }
            CallHandler handler = handlers.get(kind);
            if (handler == null) {
                ignored.increment();
                errors.warning("unknown call kind", () -> "in-memory cluster: replica " + id + " ignored a call of kind "
                        + kind + " from replica " + caller.id + " (counted as ignored)");
                return;
            }
            byte[] result;
            try {
                result = handler.answer(caller.id, body);
            } catch (RuntimeException e) {
                callsFailed.increment();
                errors.warning("call failed", () -> "in-memory cluster: answering a call of kind " + kind
                        + " from replica " + caller.id + " failed; the caller gets the error (counted as callsFailed)", e);
                // Only the class name and the message cross a wire: the caller never sees the throwable itself.
                RemoteCallException remote = new RemoteCallException(id, e.getClass().getName(), e.getMessage());
                reply(caller, () -> answer.completeExceptionally(remote));
                return;
            }
            if (Byte.valueOf(kind).equals(dieAfterAnswering)) {
                die();
            }
            reply(caller, () -> answer.complete(result));
        });
    }

    /**
     * The answer reaches the caller after the delay of a slow replica, if both are still up then: one
     * that dies or is cut off before its answer is out never sends it (cut off, it counts the answer
     * as not sent, as RedisRelay does one it could not publish).
     */
    private void reply(InMemoryRelay caller, Runnable complete) {
        Runnable send = () -> {
            if (link == Link.CUT_OFF) {
                notSent.increment();
            } else if (isUp() && caller.isUp()) {
                complete.run();
            }
        };
        Duration delay = answerDelay;
        if (delay.isZero()) {
            send.run();
        } else {
            cluster.timer().schedule(send, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public CompletableFuture<Answers> callEveryone(byte kind, byte[] body) {
        Set<String> asked = others();
        return Answers.gather(asked, replica -> call(replica, kind, body));
    }

    @Override
    public Set<String> others() {
        return cluster.othersThan(id);
    }

    @Override
    public CompletableFuture<?> listen(String filter) {
        synchronized (cluster) {
            filters.merge(filter, 1, Integer::sum);
        }
        return NOTHING_TO_WAIT_FOR;
    }

    @Override
    public void unlisten(String filter) {
        synchronized (cluster) {
            if (filters.computeIfPresent(filter, (f, count) -> count == 1 ? null : count - 1) == null) {
                forgetGroupsNoLongerListenedTo();
            }
        }
    }

    @Override
    public CompletableFuture<?> listenToEverything() {
        synchronized (cluster) {
            everything++;
        }
        return NOTHING_TO_WAIT_FOR;
    }

    @Override
    public void unlistenToEverything() {
        synchronized (cluster) {
            if (--everything == 0) {
                forgetGroupsNoLongerListenedTo();
            }
        }
    }

    /**
     * Holding the cluster: when a group is listened to again, what passed in between is not a hole.
     * Queued behind the messages received so far, which were listened to. Unlike Redis, a filter is let
     * go at once rather than after a grace period: nothing here costs a round trip to take it again.
     */
    private void forgetGroupsNoLongerListenedTo() {
        Set<String> still = Set.copyOf(filters.keySet());
        boolean all = everything > 0;
        deliveries.execute(() -> lastOfGroup.keySet().removeIf(key -> {
            String group = key.substring(key.indexOf('\n') + 1);
            return !all && still.stream().noneMatch(filter -> GroupFilter.matches(filter, group));
        }));
    }

    // ---- What the cluster asks of a replica, holding itself.

    boolean isUp() {
        return link == Link.UP;
    }

    void beatAt(long now) {
        lastBeat = now;
    }

    /** Whether its last beat is within {@code millis} of now and it did not leave. */
    boolean aliveAt(long now, long millis) {
        return link != Link.CLOSED && now - lastBeat < millis;
    }

    Collection<String> trackedUids() {
        return trackedUids.get();
    }

    long entryTtlMillis() {
        return entryTtlMillis.getAsLong();
    }

    // ---- Faults.

    /**
     * The replica's process dies: it stops beating at this moment of the cluster's clock, and delivers
     * and answers nothing from now on. The others count it alive, and it holds its sessions, until their
     * times pass on the clock; calls to it meanwhile time out.
     */
    void die() {
        synchronized (cluster) {
            cluster.beat();
            link = Link.DEAD;
        }
    }

    /**
     * Cut off from the others, as from Redis: it relays nothing (counted as not relayed), what the
     * others relay meanwhile never reaches it (counted as missed when the next message of that group
     * does), calls from it fail at once and calls to it time out; it stops beating.
     */
    void cutOff() {
        synchronized (cluster) {
            cluster.beat();
            link = Link.CUT_OFF;
        }
    }

    /** The replica dies right after it has done what a call of this kind asks, before its answer is out. */
    void dieAfterAnswering(byte kind) {
        dieAfterAnswering = kind;
    }

    /** Back in touch: alive again, and its sessions' entries put back, as at Redis's first heartbeat. */
    void reconnect() {
        synchronized (cluster) {
            if (link == Link.CUT_OFF) {
                link = Link.UP;
                cluster.beat();
            }
        }
    }

    /** From now on, what it relays goes out but is not confirmed until {@link #releaseConfirmations()}. */
    void holdConfirmations() {
        synchronized (cluster) {
            holdingConfirmations = true;
        }
    }

    void releaseConfirmations() {
        List<CompletableFuture<Boolean>> held;
        synchronized (cluster) {
            holdingConfirmations = false;
            held = List.copyOf(unconfirmed);
            unconfirmed.clear();
        }
        held.forEach(sent -> sent.complete(true));
    }

    /** From now on, its answers reach the caller this much later (zero: at once). */
    void answerAfter(Duration delay) {
        answerDelay = delay;
    }

    /** Keeps the delivery thread busy for a while, as a replica whose relayed messages and calls queue up: what comes meanwhile waits. */
    void stallDeliveries(Duration stall) {
        deliveries.execute(() -> {
            try {
                Thread.sleep(stall.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Leaves the cluster at once, as a replica that stops does, and stops its delivery thread. */
    @Override
    public void close() {
        synchronized (cluster) {
            link = Link.CLOSED;
        }
        deliveries.shutdownNow();
    }
}

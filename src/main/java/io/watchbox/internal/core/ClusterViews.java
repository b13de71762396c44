package io.watchbox.internal.core;

import io.watchbox.ClusterView;
import io.watchbox.GroupInfo;
import io.watchbox.SessionInfo;
import io.watchbox.Stats;
import io.watchbox.internal.core.relay.Answers;
import io.watchbox.internal.core.relay.CallKinds;
import io.watchbox.internal.core.relay.ClusterRelay;
import io.watchbox.internal.core.relay.ViewCodec;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.logging.RateLimitedLog;
import io.watchbox.internal.values.SessionInfoRecord;
import io.watchbox.internal.values.StatsRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The views of the whole cluster: this replica's sessions, counters and subscribed filters, and
 * every other live replica's, asked for at once and merged. A replica that does not answer within
 * the relay's call timeout (2 s) is named as missing, never silently left out. On a single node,
 * this replica's own, with no call. The other replicas answer from their own state, as
 * {@link #answerThrough} has them do. Every answer a view goes without is logged (at most once a
 * minute) and counted ({@link #missingAnswers()}).
 */
public final class ClusterViews {

    private static final Logger ERROR_LOG = LoggingLevel.error();
    /** Longer than the relay's timeout of each call: a guard, should the relay's timer never fire. */
    private static final long GUARD_SECONDS = 5;
    /** The body of a call for a replica's whole part: every session, all its counters, all its filters. */
    private static final byte[] WHOLE = new byte[0];

    private final Broker broker;
    /** Views asked for while a replica keeps missing: a line a minute is enough to see it. */
    private final RateLimitedLog rateLimited = RateLimitedLog.errors();
    private final LongAdder missingAnswers = new LongAdder();

    ClusterViews(Broker broker) {
        this.broker = broker;
    }

    /** Has this replica answer the other replicas' calls for its part of the views. */
    void answerThrough(ClusterRelay relay) {
        relay.answer(CallKinds.SESSIONS, (caller, uid) -> ViewCodec.encodeSessions(uid.length == 0 ? broker.sessions()
                : broker.session(new String(uid, StandardCharsets.UTF_8)).stream().toList()));
        relay.answer(CallKinds.STATS, (caller, body) -> ViewCodec.encode(broker.stats()));
        relay.answer(CallKinds.GROUPS, (caller, body) -> ViewCodec.encodeGroups(broker.groups()));
    }

    /** Every session of the cluster, each with the replica that holds it, sorted by uid; waits for the other replicas. */
    public ClusterView<List<SessionInfo>> sessions() {
        return view(CallKinds.SESSIONS, broker.sessions(), ViewCodec::decodeSessions, ClusterViews::mergeSessions);
    }

    /**
     * The session of this uid, wherever it is held. Cluster mode, for a session this replica does
     * not hold: asks Redis which replica does, then that replica, waiting for both. Empty when no
     * replica holds it, and when its holder does not answer in time (logged).
     */
    public Optional<SessionInfo> session(String uid) {
        ClusterRelay relay = broker.relay();
        Optional<SessionInfo> here = broker.session(uid);
        if (here.isPresent() || relay.replicaId() == null) {
            return here.map(s -> SessionInfoRecord.heldBy(s, relay.replicaId()));
        }
        Optional<String> holder = relay.holderOf(uid);
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] answer = relay.call(holder.get(), CallKinds.SESSIONS, uid.getBytes(StandardCharsets.UTF_8))
                    .get(GUARD_SECONDS, TimeUnit.SECONDS);
            return ViewCodec.decodeSessions(answer).stream().findFirst().map(s -> SessionInfoRecord.heldBy(s, holder.get()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | IllegalArgumentException e) {
            ERROR_LOG.warning(() -> "Watchbox cluster: replica " + holder.get() + " did not show session " + uid
                    + ": " + (e.getCause() == null ? e : e.getCause()).getMessage());
            return Optional.empty();
        }
    }

    /** The counters summed over the replicas, each one's own beside; waits for the other replicas. */
    public Stats stats() {
        return join(statsLater(),
                () -> sum(parts(CallKinds.STATS, broker.relay(), broker.stats(), null, ViewCodec::decodeStats)));
    }

    /** {@link #stats()}, without waiting: completes when the other replicas have answered or timed out. */
    public CompletableFuture<Stats> statsLater() {
        ClusterRelay relay = broker.relay();
        if (relay.replicaId() == null) {
            return CompletableFuture.completedFuture(broker.stats());
        }
        Stats own = broker.stats();
        return ask(relay, CallKinds.STATS)
                .thenApply(answers -> sum(parts(CallKinds.STATS, relay, own, answers, ViewCodec::decodeStats)));
    }

    /** Every subscribed filter with its subscribers summed over the replicas, sorted by filter; waits for the other replicas. */
    public ClusterView<List<GroupInfo>> groups() {
        return view(CallKinds.GROUPS, broker.groups(), ViewCodec::decodeGroups, ClusterViews::mergeGroups);
    }

    /**
     * Each replica's part of a view, by replica id, and the ids of the live replicas that did not answer.
     *
     * @param self this replica's id, null on a single node (its part is then under no key)
     */
    private record Parts<T>(String self, SortedMap<String, T> byReplica, List<String> missing) {

        <V> ClusterView<V> view(V merged) {
            return self == null ? ClusterView.single(merged)
                    : new ClusterView<>(merged, List.copyOf(byReplica.keySet()), missing);
        }
    }

    private <T, V> ClusterView<V> view(byte kind, T own, Function<byte[], T> decode,
                                       Function<SortedMap<String, T>, V> merge) {
        ClusterRelay relay = broker.relay();
        Function<Parts<T>, ClusterView<V>> merged = parts -> parts.view(merge.apply(parts.byReplica()));
        if (relay.replicaId() == null) {
            return merged.apply(parts(kind, relay, own, Answers.NONE, decode));
        }
        return join(ask(relay, kind).thenApply(answers -> merged.apply(parts(kind, relay, own, answers, decode))),
                () -> merged.apply(parts(kind, relay, own, null, decode)));
    }

    /**
     * Every other live replica's answer; never fails: when the relay cannot ask them (it is closed,
     * or fails), every other live replica counts as missing, and the failure is logged.
     */
    private CompletableFuture<Answers> ask(ClusterRelay relay, byte kind) {
        try {
            return relay.callEveryone(kind, WHOLE).exceptionally(e -> unasked(relay, kind, e));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(unasked(relay, kind, e));
        }
    }

    private Answers unasked(ClusterRelay relay, byte kind, Throwable failure) {
        rateLimited.warning("views-unasked", () -> "Watchbox cluster: could not ask the other replicas for their "
                + viewName(kind) + " (" + failure + "); every other replica is named missing in the view", failure);
        return new Answers(Map.of(), relay.others());
    }

    /**
     * How many answers of other replicas the views of the cluster went without since start: a replica
     * that did not answer in time, failed to, answered what this one cannot read, or could not be asked.
     * Each one is named missing in the view it left incomplete.
     */
    public long missingAnswers() {
        return missingAnswers.sum();
    }

    /**
     * This replica's part and the others' answers, read.
     *
     * @param answers null when they never came: every other live replica is then missing
     */
    private <T> Parts<T> parts(byte kind, ClusterRelay relay, T own, Answers answers, Function<byte[], T> decode) {
        String self = relay.replicaId();
        Answers got = answers != null ? answers : new Answers(Map.of(), relay.others());
        SortedMap<String, T> byReplica = new TreeMap<>(Comparator.nullsFirst(Comparator.<String>naturalOrder()));
        TreeSet<String> missing = new TreeSet<>(got.missing());
        byReplica.put(self, own);
        got.answered().forEach((replica, bytes) -> {
            try {
                byReplica.put(replica, decode.apply(bytes));
            } catch (IllegalArgumentException e) {
                ERROR_LOG.warning(() -> "Watchbox cluster: replica " + replica + " answered with what this replica "
                        + "cannot read (" + e.getMessage() + "); counted as missing");
                missing.add(replica);
            }
        });
        if (!missing.isEmpty()) {
            missingAnswers.add(missing.size());
            rateLimited.warning("views-missing", () -> "Watchbox cluster: replicas " + missing + " gave no answer for "
                    + "the cluster's " + viewName(kind) + " (too slow, failed, or unreadable); named missing in it");
        }
        return new Parts<>(self, Collections.unmodifiableSortedMap(byReplica), List.copyOf(missing));
    }

    private static String viewName(byte kind) {
        return switch (kind) {
            case CallKinds.SESSIONS -> "clients";
            case CallKinds.STATS -> "stats";
            case CallKinds.GROUPS -> "groups";
            default -> "view of kind " + kind;
        };
    }

    /** Waits for a view; should the relay's own timeouts never fire, or this thread be interrupted, the fallback. */
    private static <V> V join(CompletableFuture<V> view, Supplier<V> fallback) {
        try {
            return view.get(GUARD_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback.get();
        } catch (ExecutionException | TimeoutException e) {
            ERROR_LOG.warning(() -> "Watchbox cluster: the other replicas' answers did not come: " + e);
            return fallback.get();
        }
    }

    /** One entry per uid: during a move two replicas may both show the session for a moment. */
    private static List<SessionInfo> mergeSessions(SortedMap<String, List<SessionInfo>> parts) {
        SortedMap<String, SessionInfo> byUid = new TreeMap<>();
        parts.forEach((replica, sessions) -> sessions.forEach(s -> byUid.merge(s.uid(), SessionInfoRecord.heldBy(s, replica),
                ClusterViews::later)));
        return List.copyOf(byUid.values());
    }

    /** Of two snapshots of a session that is moving: the connected one, else the one seen last. */
    private static SessionInfo later(SessionInfo a, SessionInfo b) {
        if (a.connected() != b.connected()) {
            return a.connected() ? a : b;
        }
        return b.lastSeen().isAfter(a.lastSeen()) ? b : a;
    }

    private static List<GroupInfo> mergeGroups(SortedMap<String, List<GroupInfo>> parts) {
        SortedMap<String, Integer> subscribers = new TreeMap<>();
        parts.values().forEach(groups -> groups.forEach(g -> subscribers.merge(g.group(), g.subscribers(), Integer::sum)));
        List<GroupInfo> merged = new ArrayList<>(subscribers.size());
        subscribers.forEach((group, count) -> merged.add(new GroupInfo(group, count)));
        return List.copyOf(merged);
    }

    private static Stats sum(Parts<Stats> parts) {
        long[] sums = new long[26];
        for (Stats s : parts.byReplica().values()) {
            long[] figures = {s.sessions(), s.connected(), s.published(), s.delivered(), s.dropped(), s.queuedBytes(),
                    s.sockets(), s.eventBacklog(), s.eventsDropped(), s.framesSent(), s.relayed(), s.notRelayed(), s.received(), s.missed(),
                    s.relayIgnored(), s.callsFailed(), s.notSent(), s.notLetGo(), s.missingAnswers(), s.mqttSessions(),
                    s.mqttConnected(), s.claimsUnanswered(), s.sharedLost(), s.outageHeld(), s.outageRelayed(),
                    s.outageDropped()};
            for (int i = 0; i < sums.length; i++) {
                sums[i] += figures[i];
            }
        }
        return new StatsRecord(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7], sums[8], sums[9],
                sums[10], sums[11], sums[12], sums[13], sums[14], sums[15], sums[16], sums[17], sums[18], sums[19],
                sums[20], sums[21], sums[22], sums[23], sums[24], sums[25], parts.byReplica(), parts.missing());
    }
}

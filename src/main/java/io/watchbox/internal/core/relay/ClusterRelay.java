package io.watchbox.internal.core.relay;

import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * This replica's link to the others: carries what it publishes to them and what they publish to
 * it, says which replica holds which session, and carries calls between replicas (a session moving,
 * a kick, the cluster-wide views). The router calls {@link #relay} before local delivery; while the
 * relay cannot reach the others it holds the message, within bounds, and relays it in order when it
 * can, or says it did not. Only {@link #holderOf} waits for Redis; the futures of relays, listens and
 * calls say when it answered.
 */
public interface ClusterRelay extends AutoCloseable {

    /** Single-node mode ({@code watchbox.cluster.redis} not set): relays nothing, counts nothing, holds no session anywhere else. */
    ClusterRelay NONE = new ClusterRelay() {
        @Override
        public String replicaId() {
            return null;
        }

        @Override
        public Relayed relay(String group, Payload payload, String from, int qos, MessageProperties properties) {
            return Relayed.NOT;
        }

        @Override
        public CompletableFuture<Boolean> claim(String share, MessageId id, Duration after) {
            return TAKEN;
        }

        @Override
        public Map<String, Long> watermarks() {
            return Map.of();
        }

        @Override
        public ClusterState state() {
            return ClusterState.OFF;
        }

        @Override
        public RelayCounts counts() {
            return RelayCounts.NONE;
        }

        @Override
        public void trackSessions(Supplier<Collection<String>> uids, LongSupplier ttlMillis) {
        }

        @Override
        public Optional<String> holderOf(String uid) {
            return Optional.empty();
        }

        @Override
        public void held(String uid) {
        }

        @Override
        public void released(String uid) {
        }

        @Override
        public void answer(byte kind, CallHandler handler) {
        }

        @Override
        public CompletableFuture<byte[]> call(String replica, byte kind, byte[] body) {
            return CompletableFuture.failedFuture(new IllegalStateException("single node"));
        }

        @Override
        public CompletableFuture<byte[]> call(String replica, byte kind, byte[] body, Duration within) {
            return call(replica, kind, body);
        }

        @Override
        public void withdraw(CompletableFuture<byte[]> call) {
        }

        @Override
        public CompletableFuture<Answers> callEveryone(byte kind, byte[] body) {
            return CompletableFuture.completedFuture(Answers.NONE);
        }

        @Override
        public Set<String> others() {
            return Set.of();
        }

        @Override
        public CompletableFuture<?> listen(String filter) {
            return NOTHING_TO_WAIT_FOR;
        }

        @Override
        public void unlisten(String filter) {
        }

        @Override
        public CompletableFuture<?> listenToEverything() {
            return NOTHING_TO_WAIT_FOR;
        }

        @Override
        public void unlistenToEverything() {
        }

        @Override
        public void close() {
        }
    };

    /** This replica's id in the cluster, new at each start; null on a single node. */
    String replicaId();

    /**
     * Hands a message published here to the other replicas.
     *
     * @param from the publishing client's uid, or null for the server
     * @return the number it was relayed under, and when Redis has it
     */
    default Relayed relay(String group, Payload payload, String from) {
        return relay(group, payload, from, EncodedMessage.DEFAULT_QOS, MessageProperties.EMPTY);
    }

    /**
     * {@link #relay(String, Payload, String)} at an MQTT QoS, with what an MQTT 5.0 publisher sent for the subscribers.
     *
     * @param qos        the QoS it was published with, which caps the QoS its MQTT subscribers get it at on
     *                   every replica; {@link EncodedMessage#DEFAULT_QOS} for a message not published over MQTT
     * @param properties {@link MessageProperties#EMPTY} for most messages
     */
    Relayed relay(String group, Payload payload, String from, int qos, MessageProperties properties);

    /**
     * A message handed to the other replicas.
     *
     * @param seq  the number it is relayed under ({@link MessageId#seq()}), given when it is published,
     *             held or not; 0 when it was not numbered (the relay is closed, or a single node)
     * @param sent completes with true once Redis has run the publish (at once, or after an outage),
     *             with false once it is given up (held past the outage bounds: counted as not
     *             relayed); never fails
     */
    record Relayed(long seq, CompletableFuture<Boolean> sent) {
        public static final Relayed NOT = new Relayed(0, NOT_RELAYED);
    }

    /** What a relay that has not relayed a message answers. */
    CompletableFuture<Boolean> NOT_RELAYED = CompletableFuture.completedFuture(false);

    /** What a publish that had nothing to relay answers (a single node): no other replica misses it. */
    CompletableFuture<Boolean> NOTHING_TO_RELAY = CompletableFuture.completedFuture(true);

    /**
     * Races the other replicas for a relayed message of a share ({@code $share/NAME/FILTER}): of the
     * replicas that claim the same message for the same share, one wins and gives it to one of its
     * members. Completes, on the thread that delivers relayed messages here, with true on the winner,
     * false on the others; true too when Redis did not answer in time (counted as
     * {@link RelayCounts#claimsUnanswered}), so that the message reaches a member rather than none,
     * perhaps on another replica as well.
     *
     * @param share the share's pattern
     * @param id    the message
     * @param after how long to wait before claiming: a replica whose members are all busy lets one
     *              that has a free member win first
     */
    CompletableFuture<Boolean> claim(String share, MessageId id, Duration after);

    /** A claim won at once: on a single node, every share's members are here. */
    CompletableFuture<Boolean> TAKEN = CompletableFuture.completedFuture(true);

    /**
     * For each replica, the number of its last message delivered here; for this replica, of its
     * last message relayed. Exact only while no message is being published or delivered here
     * (the router's fence is held).
     */
    Map<String, Long> watermarks();

    ClusterState state();

    RelayCounts counts();

    /**
     * The longest a message's {@link Relayed#sent} may take to complete: the outage bounds' time,
     * and a write in flight at its end; zero on a single node.
     */
    default Duration longestHold() {
        return Duration.ZERO;
    }

    /** Keeps this replica's entries in the session directory alive: the uids of the sessions it holds, and for how long each entry lasts. */
    void trackSessions(Supplier<Collection<String>> uids, LongSupplier ttlMillis);

    /**
     * The other live replica that holds this uid's session, if one does; waits for Redis, at most
     * its command timeout. Empty when none does, and when Redis cannot say.
     */
    Optional<String> holderOf(String uid);

    /** This replica holds the uid's session now. */
    void held(String uid);

    /** The uid's session ended on this replica. */
    void released(String uid);

    /**
     * Answers other replicas' calls of this kind. Handlers run one at a time, in order with the
     * delivery of relayed messages, on the executor those go to. A handler that throws answers
     * with the error: the caller's future fails at once with a {@link RemoteCallException}.
     */
    void answer(byte kind, CallHandler handler);

    /** Answers one kind of call from other replicas. */
    @FunctionalInterface
    interface CallHandler {
        /** @param caller the calling replica's id */
        byte[] answer(String caller, byte[] body);
    }

    /**
     * Calls another replica. Sent in order with the messages this replica relays: the callee sees
     * every message relayed here before the call, before the call. Fails after the command timeout
     * without an answer, and at once with a {@link RemoteCallException} when the callee's handler
     * threw.
     */
    CompletableFuture<byte[]> call(String replica, byte kind, byte[] body);

    /** {@link #call(String, byte, byte[])}, failing after {@code within} without an answer. */
    CompletableFuture<byte[]> call(String replica, byte kind, byte[] body, Duration within);

    /**
     * Withdraws a call of this replica's that is not answered yet: if the callee has not begun to
     * answer it, it never does, and the call fails with a {@link CallWithdrawnException} as soon as
     * the callee hears of it; if it has begun, the call is answered as ever. Either way the caller
     * learns whether what it asked for happened, unless the callee is gone (the call then times out).
     */
    void withdraw(CompletableFuture<byte[]> call);

    /**
     * Calls every other live replica; completes, after the command timeout at the latest, with the
     * answers that came within it and the replicas that did not answer (or whose handler threw).
     */
    CompletableFuture<Answers> callEveryone(byte kind, byte[] body);

    /** The other replicas alive at the last heartbeat (every 2 s); empty on a single node. */
    Set<String> others();

    /**
     * One more session here subscribes to the filter: messages published on other replicas that
     * match it come here. Completes once Redis has the subscription, so that a {@code sub} answered
     * after it misses nothing published anywhere later; at once while Redis is out of reach.
     */
    CompletableFuture<?> listen(String filter);

    /** One session fewer here subscribes to the filter; when none is left, it is let go after a grace period. */
    void unlisten(String filter);

    /**
     * While a session moves here: every message published anywhere comes here, until
     * {@link #unlistenToEverything}, so that none passes between the holder letting go and the
     * session's own filters being listened to here. Completes once Redis has it.
     */
    CompletableFuture<?> listenToEverything();

    void unlistenToEverything();

    /** What the relay returns when there is no answer of Redis to wait for (single node, Redis out of reach). */
    CompletableFuture<Void> NOTHING_TO_WAIT_FOR = CompletableFuture.completedFuture(null);

    /**
     * Longer than a Redis command may take (2 s), so that the command's own timeout decides. A
     * message held while Redis is out of reach may take longer, up to the outage bounds: the caller
     * that waits this long goes on without its answer.
     */
    long ANSWER_WAIT_MILLIS = 2_500;

    /**
     * Waits, at most {@link #ANSWER_WAIT_MILLIS}, for one of this relay's futures (a relay, a listen).
     *
     * @return why Redis did not answer in time, or empty when it did (or the wait was interrupted)
     */
    static Optional<Exception> awaitAnswer(CompletableFuture<?> answer) {
        try {
            answer.get(ANSWER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.of(e);
        }
    }

    /** Stops relaying and releases the connections and threads; safe to call more than once. */
    @Override
    void close();
}

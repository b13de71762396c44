package io.watchbox.internal.cluster;

import io.watchbox.internal.core.relay.Answers;
import io.watchbox.internal.core.relay.CallWithdrawnException;
import io.watchbox.internal.core.relay.ClusterRelay.CallHandler;
import io.watchbox.internal.core.relay.RemoteCallException;
import io.watchbox.internal.logging.RateLimitedLog;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Calls between replicas, on each replica's own channel ({@code <name>:replica:<id>}): a call is
 * sent on the publishing connection, so it travels after every message relayed before it, and
 * answered on the delivery executor, in order with relayed messages; the answer goes back to the
 * caller's channel with the call's id. A handler that throws answers with what it threw, and the
 * call fails at once with a {@link RemoteCallException}; a call without an answer fails after its
 * timeout. A caller that stops waiting withdraws its call: the callee, on its event loop, drops it if
 * it is still queued there and says so ({@link CallWithdrawnException}); one it has begun it answers.
 */
final class ReplicaCalls {

    /** A call sent and not answered yet: whom it asked, and who waits for the answer. */
    private record Pending(String replica, CompletableFuture<byte[]> answer) {
    }

    /** What a callee answers a call withdrawn before it began: not a class name, as a handler's failure's is. */
    private static final String WITHDRAWN = "withdrawn";

    private final String id;
    private final Publishing publishing;
    private final ScheduledExecutorService timer;
    private final Executor deliveries;
    private final Supplier<Set<String>> others;
    private final RedisConnections connections;
    private final Map<Byte, CallHandler> handlers = new ConcurrentHashMap<>();
    private final Map<Long, Pending> calls = new ConcurrentHashMap<>();
    private final AtomicLong nextCall = new AtomicLong();
    /** Other replicas' calls queued here and not begun, by caller and id: whichever removes one first, answer or withdrawal, has it. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final LongAdder failed = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    // Per frame or call: a replica of another version may send many during a rolling upgrade.
    private final RateLimitedLog errors = RateLimitedLog.errors();

    /**
     * @param deliveries where calls are answered: one at a time, in order with relayed messages
     * @param others     the other live replicas, for a call to every one
     */
    ReplicaCalls(String id, Publishing publishing, RedisConnections connections, Executor deliveries,
            Supplier<Set<String>> others) {
        this.id = id;
        this.publishing = publishing;
        this.connections = connections;
        this.timer = connections.timer();
        this.deliveries = deliveries;
        this.others = others;
    }

    void answer(byte kind, CallHandler handler) {
        handlers.put(kind, handler);
    }

    CompletableFuture<byte[]> call(String replica, byte kind, byte[] body, Duration within) {
        if (connections.closed()) {
            // Its event loop, which would time the call out, is gone.
            return CompletableFuture.failedFuture(new IllegalStateException("this replica's relay is closed"));
        }
        long callId = nextCall.incrementAndGet();
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        calls.put(callId, new Pending(replica, answer));
        answer.whenComplete((a, e) -> calls.remove(callId));
        timer.schedule(() -> answer.completeExceptionally(
                new TimeoutException("replica " + replica + " did not answer within " + within.toMillis() + " ms")),
                within.toMillis(), TimeUnit.MILLISECONDS);
        if (!publishing.send(replica, InboxCodec.call(kind, callId, id, body))) {
            answer.completeExceptionally(new IllegalStateException("Redis is out of reach"));
        }
        return answer;
    }

    /** Withdraws one of this replica's calls that is not answered yet; see {@link io.watchbox.internal.core.relay.ClusterRelay#withdraw}. */
    void withdraw(CompletableFuture<byte[]> answer) {
        calls.forEach((callId, pending) -> {
            if (pending.answer() == answer) {
                publishing.send(pending.replica(), InboxCodec.withdraw(callId, id));
            }
        });
    }

    /** Calls every other live replica; completes with the answers that came within {@code within}. */
    CompletableFuture<Answers> callEveryone(byte kind, byte[] body, Duration within) {
        Set<String> asked = others.get();
        return Answers.gather(asked, replica -> call(replica, kind, body, within));
    }

    /** On Lettuce's event loop: a call is answered in order with relayed deliveries, an answer completes its call. */
    void inbox(byte[] bytes) {
        InboxFrame frame = InboxCodec.decode(bytes).orElse(null);
        if (frame instanceof InboxFrame.Answer answer) {
            Pending waiting = calls.get(answer.id());
            if (waiting != null) {
                waiting.answer().complete(answer.body());
            }
        } else if (frame instanceof InboxFrame.Failure failure) {
            Pending waiting = calls.get(failure.id());
            if (waiting != null) {
                waiting.answer().completeExceptionally(WITHDRAWN.equals(failure.type())
                        ? new CallWithdrawnException(waiting.replica())
                        : new RemoteCallException(waiting.replica(), failure.type(), failure.message()));
            }
        } else if (frame instanceof InboxFrame.Withdraw withdraw) {
            if (queued.remove(key(withdraw.from(), withdraw.id()))) {
                publishing.send(withdraw.from(), InboxCodec.failure(withdraw.id(), WITHDRAWN, null));
            }
        } else if (frame instanceof InboxFrame.Call call) {
            CallHandler handler = handlers.get(call.kind());
            if (handler == null) {
                ignored.increment();
                errors.warning("unknown call kind", () -> "Watchbox cluster: ignored a call of kind " + call.kind()
                        + " from replica " + call.from() + " that this version of Watchbox does not answer"
                        + " (counted as relayIgnored in /stats)");
                return;
            }
            String key = key(call.from(), call.id());
            queued.add(key);
            deliveries.execute(() -> {
                if (queued.remove(key)) {
                    answer(call, handler);
                }
            });
        } else {
            ignored.increment();
            errors.warning("unknown inbox frame", () -> "Watchbox cluster: ignored a frame on this replica's channel"
                    + " that is not one of this version of Watchbox (counted as relayIgnored in /stats)");
        }
    }

    private static String key(String caller, long callId) {
        return caller + '\n' + callId;
    }

    /** On the delivery executor: runs the handler and sends what it answered, or what it threw. */
    private void answer(InboxFrame.Call call, CallHandler handler) {
        byte[] answer;
        try {
            answer = handler.answer(call.from(), call.body());
        } catch (RuntimeException e) {
            failed.increment();
            errors.warning("call failed", () -> "Watchbox cluster: answering a call of kind " + call.kind()
                    + " from replica " + call.from() + " failed; the caller gets the error"
                    + " (counted as callsFailed in /stats)", e);
            publishing.send(call.from(), InboxCodec.failure(call.id(), e.getClass().getName(), e.getMessage()));
            return;
        }
        publishing.send(call.from(), InboxCodec.answer(call.id(), answer));
    }

    /** Calls from other replicas whose handler threw. */
    long failed() {
        return failed.sum();
    }

    /** Frames on this replica's channel that were not ones of this version, and calls of kinds it does not answer. */
    long ignored() {
        return ignored.sum();
    }
}

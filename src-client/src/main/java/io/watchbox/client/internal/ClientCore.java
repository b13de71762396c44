package io.watchbox.client.internal;

import io.watchbox.client.Message;
import io.watchbox.client.MessageHandler;
import io.watchbox.client.WatchboxClosedException;
import io.watchbox.client.WatchboxConnectException;
import io.watchbox.client.WatchboxDroppedException;
import io.watchbox.client.WatchboxErrorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The client's state machine. Every field below the "owned" line is read and written only by
 * tasks on the {@link Scheduler}; public methods and transport events only submit tasks. No
 * user code runs here: handlers and listeners go to the {@link CallbackDispatcher}, futures
 * complete on the completion executor.
 */
public final class ClientCore {
    private static final Logger LOG = Logger.getLogger(ClientCore.class.getName());

    private enum State { IDLE, CONNECTING, CONNECTED, WAITING_TO_RECONNECT, CLOSED }

    private final ClientSettings settings;
    private final ClientRuntime runtime;
    private final Scheduler scheduler;
    private final FrameCodec codec = new FrameCodec();
    private final CallbackDispatcher callbacks;

    // Written by the scheduler thread only, read by anyone.
    private volatile String uid;
    // The session's secret: without it the server refuses to resume the uid (contract v2).
    private String resumeKey;
    private volatile boolean connected;
    private volatile long offlineDropped;
    private volatile boolean closed;

    // ---- owned by the scheduler thread ----
    private State state = State.IDLE;
    private Attempt attempt;
    private Keepalive keepalive;
    private Scheduler.Cancellable timer = Scheduler.Cancellable.NONE;
    private boolean everConnected;
    private long nextId;
    private final ReconnectBackoff backoff;
    private final SeqTracker seqs = new SeqTracker();
    private final SubscriptionTable subscriptions = new SubscriptionTable();
    private final OfflineBuffer offline;
    private final Map<String, Request> inFlight = new LinkedHashMap<>();
    private final List<CompletableFuture<Void>> connectWaiters = new ArrayList<>();

    /** One connection attempt; events of an attempt that is no longer current are ignored. */
    private static final class Attempt {
        Transport.Connection connection;
    }

    public ClientCore(ClientSettings settings, ClientRuntime runtime) {
        this.settings = settings;
        this.runtime = runtime;
        this.scheduler = runtime.scheduler();
        this.callbacks = new CallbackDispatcher(runtime.callbackExecutor(), settings.listener());
        this.backoff = new ReconnectBackoff(settings.initialBackoff(), settings.maxBackoff(), runtime.random());
        this.offline = new OfflineBuffer(settings.offlineBufferSize());
        this.uid = settings.uid();
    }

    // ---------------------------------------------------------------- called from any thread

    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        submit(result, () -> startConnect(result));
        return result;
    }

    public CompletableFuture<ServerFrame.Ok> subscribe(String group, MessageHandler handler) {
        CompletableFuture<ServerFrame.Ok> result = new CompletableFuture<>();
        submit(result, () -> {
            subscriptions.put(group, handler);
            enqueue(Request.subscribe(nextId(), group, handler, result));
        });
        return result;
    }

    public CompletableFuture<ServerFrame.Ok> unsubscribe(String group) {
        CompletableFuture<ServerFrame.Ok> result = new CompletableFuture<>();
        submit(result, () -> {
            subscriptions.remove(group);
            enqueue(Request.unsubscribe(nextId(), group, result));
        });
        return result;
    }

    public CompletableFuture<ServerFrame.Ok> publish(String text, String group) {
        return publish(text, null, group);
    }

    /** A publish of {@code msg} in this encoding ({@code base64} for bytes, null for text); completes with the server's ok. */
    public CompletableFuture<ServerFrame.Ok> publish(String msg, String encoding, String group) {
        CompletableFuture<ServerFrame.Ok> result = new CompletableFuture<>();
        submit(result, () -> enqueue(Request.publish(nextId(), group, msg, encoding, result)));
        return result;
    }

    /**
     * Says {@code bye} if connected and stops for good. Returns once the bye is written (or
     * after a short bound), so that a program may exit right after.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<Object> byeWritten = new CompletableFuture<>();
        try {
            scheduler.execute(() -> shutdown(byeWritten));
        } catch (RejectedExecutionException e) {
            return;
        }
        try {
            byeWritten.get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing handshake did not finish in time", e);
        }
    }

    public String uid() {
        return uid;
    }

    public boolean isConnected() {
        return connected;
    }

    public long offlineDropped() {
        return offlineDropped;
    }

    private void submit(CompletableFuture<?> result, Runnable task) {
        if (closed) {
            result.completeExceptionally(new WatchboxClosedException("the client is closed"));
            return;
        }
        try {
            scheduler.execute(() -> {
                if (state == State.CLOSED) {
                    fail(result, new WatchboxClosedException("the client is closed"));
                } else {
                    task.run();
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new WatchboxClosedException("the client is closed"));
        }
    }

    /** Runs a transport event on the scheduler; after close there is nothing left to do with it. */
    private void post(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.FINE, "event after close ignored", e);
        }
    }

    // ---------------------------------------------------------------- connection life cycle

    private void startConnect(CompletableFuture<Void> result) {
        if (state == State.CONNECTED) {
            complete(result, null);
            return;
        }
        connectWaiters.add(result);
        if (state == State.IDLE) {
            openConnection();
        }
    }

    private void openConnection() {
        state = State.CONNECTING;
        Attempt current = new Attempt();
        attempt = current;
        CompletionStage<Transport.Connection> opening;
        try {
            opening = runtime.transport().connect(settings.uri(), settings.connectTimeout(), listenerFor(current));
        } catch (RuntimeException e) {
            opening = CompletableFuture.failedFuture(e);
        }
        opening.whenComplete((connection, error) -> post(() -> opened(current, connection, error)));
    }

    private Transport.Listener listenerFor(Attempt owner) {
        return new Transport.Listener() {
            @Override
            public void onText(String text) {
                post(() -> {
                    if (attempt == owner) {
                        received(owner, text);
                    }
                });
            }

            @Override
            public void onClose(int code, String reason) {
                post(() -> lost(owner, DropReason.ofClose(code, reason)));
            }

            @Override
            public void onError(Throwable error) {
                post(() -> lost(owner, DropReason.ofError(error)));
            }
        };
    }

    private void opened(Attempt owner, Transport.Connection connection, Throwable error) {
        if (attempt != owner) {
            if (connection != null) {
                connection.abort();
            }
            return;
        }
        if (error != null) {
            lost(owner, DropReason.ofError(error));
            return;
        }
        owner.connection = connection;
        // since = last seq received; omitted on the very first hello, where there is none.
        Long since = everConnected ? seqs.last() : null;
        // Batched frames: fewer frames per message is what makes a busy server fast (contract v2, batching).
        send(new ClientFrame.Hello(uid, since, resumeKey, settings.token(), true));
        timer = scheduler.schedule(() -> {
            if (attempt == owner && state == State.CONNECTING) {
                lost(owner, DropReason.local("no welcome within " + settings.connectTimeout()));
            }
        }, settings.connectTimeout());
    }

    private void welcomed(Attempt owner, ServerFrame.Welcome welcome) {
        if (state != State.CONNECTING) {
            LOG.log(Level.WARNING, "unexpected second welcome ignored");
            return;
        }
        timer.cancel();
        state = State.CONNECTED;
        uid = welcome.uid();
        resumeKey = welcome.resume();
        connected = true;
        backoff.reset();
        boolean reconnect = everConnected;
        everConnected = true;
        if (reconnect) {
            callbacks.reconnected(welcome.resumed());
        }
        if (welcome.resumed()) {
            flush(offline.drain());
        } else {
            seqs.reset();
            resubscribeThenFlush(offline.drain());
        }
        for (CompletableFuture<Void> waiter : connectWaiters) {
            complete(waiter, null);
        }
        connectWaiters.clear();
        if (welcome.timeoutSeconds() > 0) {
            keepalive = new Keepalive(Duration.ofSeconds(welcome.timeoutSeconds()), now());
            scheduleKeepalive(owner);
        }
        LOG.log(Level.FINE, "connected as {0}, resumed={1}", new Object[] {uid, welcome.resumed()});
    }

    /**
     * The server forgot the session: subscribe every wanted group again, then send the
     * waiting publishes. Waiting sub/unsub requests are settled by this: the subscription
     * table already says what the user wants now.
     */
    private void resubscribeThenFlush(List<Request> waiting) {
        Map<String, Request> userSubscribes = new HashMap<>();
        List<Request> publishes = new ArrayList<>();
        for (Request request : waiting) {
            switch (request.kind()) {
                case SUB -> {
                    Request earlier = userSubscribes.put(request.group(), request);
                    if (earlier != null) {
                        complete(earlier.future(), Request.SETTLED);
                    }
                }
                case UNSUB -> complete(request.future(), Request.SETTLED);
                case PUB -> publishes.add(request);
            }
        }
        for (Map.Entry<String, MessageHandler> wanted : subscriptions.entries()) {
            Request request = userSubscribes.remove(wanted.getKey());
            if (request == null) {
                request = Request.subscribe(nextId(), wanted.getKey(), wanted.getValue(), new CompletableFuture<>());
            }
            sendRequest(request);
        }
        // Subscribed and unsubscribed again while offline: nothing to do.
        userSubscribes.values().forEach(request -> complete(request.future(), Request.SETTLED));
        flush(publishes);
    }

    private void lost(Attempt owner, DropReason reason) {
        if (attempt != owner) {
            return;
        }
        attempt = null;
        timer.cancel();
        keepalive = null;
        if (reason.local() && owner.connection != null) {
            owner.connection.abort();
        }
        boolean wasConnected = state == State.CONNECTED;
        connected = false;
        requeueInFlight(reason);
        if (wasConnected) {
            callbacks.disconnected(reason.description());
        }
        LOG.log(Level.FINE, "connection lost: {0}", reason.description());
        if (settings.autoReconnect() && reason.reconnect()) {
            state = State.WAITING_TO_RECONNECT;
            Duration delay = backoff.nextDelay();
            timer = scheduler.schedule(() -> {
                if (state == State.WAITING_TO_RECONNECT) {
                    openConnection();
                }
            }, delay);
        } else {
            state = State.IDLE;
            giveUp(reason, wasConnected);
        }
    }

    /**
     * At-least-once: requests sent but not answered go out again after the reconnect, before
     * newer ones. After a 4413 the server refused one of them as too large; sending them
     * again would only repeat that, so they fail instead.
     */
    private void requeueInFlight(DropReason reason) {
        List<Request> unanswered = new ArrayList<>(inFlight.values());
        inFlight.clear();
        if (reason.closeCode() == DropReason.TOO_LARGE) {
            unanswered.forEach(request -> fail(request.future(),
                    new WatchboxErrorException("too-large", "the server closed the connection (4413)")));
            return;
        }
        dropped(offline.addFirst(unanswered));
    }

    /** No reconnect will follow: nothing waiting can succeed until the user connects again. */
    private void giveUp(DropReason reason, boolean wasConnected) {
        String what = wasConnected ? "connection to " + settings.uri() + " lost" : "cannot connect to " + settings.uri();
        WatchboxConnectException failure = new WatchboxConnectException(what + ": " + reason.description(),
                reason.cause());
        for (CompletableFuture<Void> waiter : connectWaiters) {
            fail(waiter, failure);
        }
        connectWaiters.clear();
        for (Request request : offline.drain()) {
            fail(request.future(), failure);
        }
    }

    private void shutdown(CompletableFuture<Object> byeWritten) {
        state = State.CLOSED;
        connected = false;
        timer.cancel();
        Attempt current = attempt;
        attempt = null;
        WatchboxClosedException failure = new WatchboxClosedException("the client was closed");
        connectWaiters.forEach(waiter -> fail(waiter, failure));
        connectWaiters.clear();
        inFlight.values().forEach(request -> fail(request.future(), failure));
        inFlight.clear();
        offline.drain().forEach(request -> fail(request.future(), failure));
        if (current != null && current.connection != null) {
            current.connection.send(codec.encode(new ClientFrame.Bye()));
            current.connection.close(DropReason.NORMAL, "bye")
                    .whenComplete((ignored, error) -> byeWritten.complete(null));
        } else {
            byeWritten.complete(null);
        }
        scheduler.shutdown();
        runtime.onClose().run();
    }

    // ---------------------------------------------------------------- keepalive

    private void scheduleKeepalive(Attempt owner) {
        long delay = Math.max(0, keepalive.nextCheckAt() - now());
        timer = scheduler.schedule(() -> checkKeepalive(owner), Duration.ofMillis(delay));
    }

    private void checkKeepalive(Attempt owner) {
        if (attempt != owner || state != State.CONNECTED) {
            return;
        }
        switch (keepalive.check(now())) {
            case DEAD -> {
                lost(owner, DropReason.local("keepalive"));
                return;
            }
            case PING -> send(new ClientFrame.Ping());
            case NONE -> {
            }
        }
        scheduleKeepalive(owner);
    }

    // ---------------------------------------------------------------- frames in

    private void received(Attempt owner, String text) {
        if (keepalive != null) {
            keepalive.received(now());
        }
        // A batched frame holds objects separated by \n, which JSON text never holds unescaped.
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
            receivedObject(owner, text.substring(start, end));
            start = end + 1;
        }
        receivedObject(owner, start == 0 ? text : text.substring(start));
    }

    private void receivedObject(Attempt owner, String text) {
        ServerFrame frame;
        try {
            frame = codec.decode(text);
        } catch (MalformedFrameException e) {
            LOG.log(Level.WARNING, "ignoring a malformed frame from the server: {0}", e.getMessage());
            return;
        }
        if (frame instanceof ServerFrame.Welcome welcome) {
            welcomed(owner, welcome);
        } else if (frame instanceof ServerFrame.Msg msg) {
            message(msg);
        } else if (frame instanceof ServerFrame.Ok ok) {
            answered(ok);
        } else if (frame instanceof ServerFrame.Error error) {
            refused(error);
        } else if (frame instanceof ServerFrame.Unknown unknown) {
            LOG.log(Level.FINE, "ignoring a frame of unknown type {0}", unknown.type());
        }
    }

    private void message(ServerFrame.Msg msg) {
        long skipped = seqs.accept(msg.seq());
        if (skipped == SeqTracker.DUPLICATE) {
            LOG.log(Level.FINE, "dropping replayed message seq {0}", msg.seq());
            return;
        }
        if (skipped > 0) {
            callbacks.skipped(skipped);
        }
        List<MessageHandler> handlers = subscriptions.matching(msg.group());
        if (handlers.isEmpty()) {
            LOG.log(Level.FINE, "no handler for a message to {0}", msg.group());
            return;
        }
        callbacks.message(handlers, new Message(msg.seq(), msg.group(), msg.msg(), msg.from(), msg.encoding()));
    }

    private void answered(ServerFrame.Ok ok) {
        Request request = ok.id() == null ? null : inFlight.remove(ok.id());
        if (request == null) {
            LOG.log(Level.FINE, "ok for unknown request {0}", ok.id());
            return;
        }
        complete(request.future(), ok);
    }

    private void refused(ServerFrame.Error error) {
        Request request = error.id() == null ? null : inFlight.remove(error.id());
        if (request == null) {
            LOG.log(Level.WARNING, "server error {0}: {1}", new Object[] {error.code(), error.reason()});
            return;
        }
        if (request.kind() == Request.Kind.SUB) {
            subscriptions.remove(request.group(), request.handler());
        }
        fail(request.future(), new WatchboxErrorException(error.code(), error.reason()));
    }

    // ---------------------------------------------------------------- frames out

    private void enqueue(Request request) {
        if (state == State.CONNECTED) {
            sendRequest(request);
        } else {
            dropped(offline.add(request));
        }
    }

    private void dropped(List<Request> requests) {
        if (requests.isEmpty()) {
            return;
        }
        offlineDropped = offline.dropped();
        for (Request request : requests) {
            fail(request.future(), new WatchboxDroppedException(
                    "offline buffer full (" + settings.offlineBufferSize() + "): publish to "
                            + request.group() + " dropped"));
        }
    }

    private void flush(List<Request> requests) {
        requests.forEach(this::sendRequest);
    }

    private void sendRequest(Request request) {
        inFlight.put(request.id(), request);
        send(request.frame());
    }

    private void send(ClientFrame frame) {
        attempt.connection.send(codec.encode(frame));
        if (keepalive != null) {
            keepalive.sent(now());
        }
    }

    // ---------------------------------------------------------------- helpers

    private String nextId() {
        return Long.toString(++nextId);
    }

    private long now() {
        return runtime.clock().millis();
    }

    private <T> void complete(CompletableFuture<T> future, T value) {
        runtime.completionExecutor().execute(() -> future.complete(value));
    }

    private void fail(CompletableFuture<?> future, Throwable error) {
        runtime.completionExecutor().execute(() -> future.completeExceptionally(error));
    }
}

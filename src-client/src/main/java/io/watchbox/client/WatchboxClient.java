package io.watchbox.client;

import io.watchbox.client.internal.ClientCore;
import io.watchbox.client.internal.ClientRuntime;
import io.watchbox.client.internal.ClientSettings;
import io.watchbox.client.internal.JdkWebSocketTransport;
import io.watchbox.client.internal.Scheduler;
import io.watchbox.client.internal.ServerFrame;
import io.watchbox.client.internal.ThreadScheduler;
import io.watchbox.client.internal.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A connection to a Watchbox server that survives drops.
 *
 * <pre>{@code
 * WatchboxClient client = WatchboxClient.builder(URI.create("ws://127.0.0.1:9080/watchbox")).build();
 * client.connect().toCompletableFuture().join();
 * client.subscribe("sensors/+/temp", m -> System.out.println(m.text()));
 * client.publish("21.5", "sensors/kitchen/temp");
 * }</pre>
 *
 * <p><b>Threads.</b> Any thread may call any method. Message handlers and
 * {@link ConnectionListener} callbacks run on the callback executor, one at a time and in
 * order; they must not block. Returned stages complete on a pool thread, never on the
 * client's own thread, so it is safe to wait for one inside a handler.
 *
 * <p><b>Reconnect.</b> With {@code autoReconnect} (the default), a dropped connection is
 * retried after a delay drawn uniformly from {@code [initialBackoff, min(maxBackoff,
 * initialBackoff * 2^n)]} for the n-th retry (full jitter, floored at the initial delay), reset
 * once a connection is welcomed. The client sends its uid and the last seq it received; when
 * the server resumes the session, missed messages are delivered in order without duplicates,
 * and a gap is reported by {@link ConnectionListener#onSkipped}. When the server has forgotten
 * the session, the client subscribes every group again by itself. Close codes 4409
 * (replaced), 1008 (kicked), 4403 and 4400 end the connection for good.
 *
 * <p><b>Delivery of publishes.</b> A publish made while disconnected waits in a bounded
 * offline buffer (the oldest is dropped when it is full, see {@link #offlineDropped()}; its
 * stage fails with {@link WatchboxDroppedException}). Publishes sent but not yet acknowledged
 * when the connection dropped are sent again after the reconnect, before newer ones:
 * delivery is <em>at least once</em>, so a subscriber may see such a message twice. When the
 * client will not reconnect by itself, waiting requests fail with
 * {@link WatchboxConnectException}.
 */
public final class WatchboxClient implements AutoCloseable {
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final ClientCore core;

    private WatchboxClient(ClientCore core) {
        this.core = core;
    }

    /** A builder for a client of the WebSocket endpoint at {@code serverUri}. */
    public static Builder builder(URI serverUri) {
        return new Builder(serverUri);
    }

    /**
     * Connects. Completes when the server's first {@code welcome} arrives. When the server
     * cannot be reached, the client keeps retrying with backoff if auto-reconnect is on;
     * otherwise the stage fails with {@link WatchboxConnectException}.
     */
    public CompletionStage<Void> connect() {
        return core.connect();
    }

    /**
     * Subscribes {@code handler} to a group pattern ({@code +} one level, {@code #} the rest).
     * Subscribing the same pattern again replaces its handler. Completes on the server's
     * {@code ok}; fails with {@link WatchboxErrorException} when the server refuses. The
     * subscription is remembered and made again when a reconnect finds the session gone.
     */
    public CompletionStage<Void> subscribe(String group, MessageHandler handler) {
        requireGroup(group);
        Objects.requireNonNull(handler, "handler");
        return core.subscribe(group, handler).thenApply(ignored -> null);
    }

    /** Stops delivery to the pattern's handler at once; completes on the server's {@code ok}. */
    public CompletionStage<Void> unsubscribe(String group) {
        requireGroup(group);
        return core.unsubscribe(group).thenApply(ignored -> null);
    }

    /**
     * Publishes {@code message} to {@code group}. Completes with the number of sessions the
     * server queued it for; {@link #publishForResult(String, String)} also says whether the other
     * replicas of a cluster got it.
     */
    public CompletionStage<Integer> publish(String message, String group) {
        return publishText(message, group, WatchboxClient::delivered);
    }

    /**
     * Publishes bytes to {@code group} (sent as base64, see {@link Message}): MQTT subscribers get
     * them exactly, JSON subscribers as text when they are UTF-8 and as base64 otherwise. Needs
     * a server of protocol v3. Completes with the number of sessions the server queued it for.
     */
    public CompletionStage<Integer> publish(byte[] message, String group) {
        return publishBytes(message, group, WatchboxClient::delivered);
    }

    /**
     * Publishes {@code message} to {@code group}, as {@link #publish(String, String)} does, and
     * completes with the server's whole answer: how many sessions it queued the message for, and
     * whether the other replicas of a cluster got it ({@link PublishResult#relayed()} is false when
     * the server could not reach Redis for longer than its outage bounds: the message reached the
     * subscribers of the client's replica only, and publishing it again would give them a copy).
     */
    public CompletionStage<PublishResult> publishForResult(String message, String group) {
        return publishText(message, group, WatchboxClient::result);
    }

    /** Publishes bytes, as {@link #publish(byte[], String)} does, and completes with the server's whole answer. */
    public CompletionStage<PublishResult> publishForResult(byte[] message, String group) {
        return publishBytes(message, group, WatchboxClient::result);
    }

    private <T> CompletionStage<T> publishText(String message, String group, Function<ServerFrame.Ok, T> read) {
        Objects.requireNonNull(message, "message");
        requireGroup(group);
        return answered(core.publish(message, group), read);
    }

    private <T> CompletionStage<T> publishBytes(byte[] message, String group, Function<ServerFrame.Ok, T> read) {
        Objects.requireNonNull(message, "message");
        requireGroup(group);
        return answered(core.publish(Base64.getEncoder().encodeToString(message), Message.BASE64, group), read);
    }

    /**
     * Says {@code bye} and stops for good: the server removes the session and the client
     * never reconnects. Waiting requests and later calls fail with
     * {@link WatchboxClosedException}. Calling it again does nothing.
     */
    @Override
    public void close() {
        core.close();
    }

    /** The uid given to the builder, or the one the server assigned; null before that. */
    public String uid() {
        return core.uid();
    }

    /** True while a connection is up and welcomed. */
    public boolean isConnected() {
        return core.isConnected();
    }

    /** How many publishes the full offline buffer has dropped. */
    public long offlineDropped() {
        return core.offlineDropped();
    }

    private static int delivered(ServerFrame.Ok ok) {
        return ok.delivered() == null ? 0 : ok.delivered();
    }

    /** Only an explicit {@code "relayed": false} says the other replicas missed it (contract: the ok of a pub). */
    private static PublishResult result(ServerFrame.Ok ok) {
        return new PublishResult(delivered(ok), !Boolean.FALSE.equals(ok.relayed()));
    }

    /**
     * The answer, as {@code read} makes it of the server's ok; a failure as it is, not wrapped in a
     * {@code CompletionException} as {@code thenApply} would, so that callers see the exceptions documented.
     */
    private static <T> CompletionStage<T> answered(CompletableFuture<ServerFrame.Ok> answer, Function<ServerFrame.Ok, T> read) {
        CompletableFuture<T> result = new CompletableFuture<>();
        answer.whenComplete((ok, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(read.apply(ok));
            }
        });
        return result;
    }

    private static void requireGroup(String group) {
        Objects.requireNonNull(group, "group");
        if (group.isEmpty()) {
            throw new IllegalArgumentException("group must not be empty");
        }
    }

    /** Configures a {@link WatchboxClient}. Not thread-safe; build once. */
    public static final class Builder {
        private final URI serverUri;
        private String uid;
        private String token;
        private boolean autoReconnect = true;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private int offlineBufferSize = 1000;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Executor callbackExecutor;
        private ConnectionListener listener = new ConnectionListener() { };
        private SSLContext sslContext;

        // Replaced by tests only.
        private Transport transport;
        private Scheduler scheduler;
        private Clock clock = Clock.systemUTC();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private Executor completionExecutor;

        private Builder(URI serverUri) {
            this.serverUri = Objects.requireNonNull(serverUri, "serverUri");
        }

        /** The session's uid (1-64 of {@code [A-Za-z0-9_-]}); by default the server assigns one. */
        public Builder uid(String uid) {
            if (uid != null && !UID.matcher(uid).matches()) {
                throw new IllegalArgumentException("uid must be 1-64 characters of [A-Za-z0-9_-]: " + uid);
            }
            this.uid = uid;
            return this;
        }

        /**
         * A credential for the server (a JWT, or whatever the server's authenticator takes), sent in
         * every hello, never in the URL. A server that refuses it closes with 4403, which is final.
         */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** Whether to reconnect after a drop and keep retrying an unreachable server (default true). */
        public Builder autoReconnect(boolean autoReconnect) {
            this.autoReconnect = autoReconnect;
            return this;
        }

        /** The smallest reconnect delay (default 100 ms). */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = positive(initialBackoff, "initialBackoff");
            return this;
        }

        /** The largest reconnect delay (default 30 s). */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = positive(maxBackoff, "maxBackoff");
            return this;
        }

        /** How many publishes may wait for a connection (default 1000; 0 fails them at once). */
        public Builder offlineBufferSize(int offlineBufferSize) {
            if (offlineBufferSize < 0) {
                throw new IllegalArgumentException("offlineBufferSize must be >= 0: " + offlineBufferSize);
            }
            this.offlineBufferSize = offlineBufferSize;
            return this;
        }

        /** How long opening a connection and waiting for {@code welcome} may take (default 10 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Where handlers and listener callbacks run (default: one daemon thread of the
         * client's own). They run one at a time and in order even on a pool.
         */
        public Builder callbackExecutor(Executor callbackExecutor) {
            this.callbackExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
            return this;
        }

        /** Receives connection events. */
        public Builder listener(ConnectionListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The TLS context for {@code wss://} (default: the JDK's, which trusts the JDK's CA
         * certificates). {@link Trust} makes one that trusts a given certificate or trust store.
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        Builder scheduler(Scheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        Builder random(DoubleSupplier random) {
            this.random = random;
            return this;
        }

        Builder completionExecutor(Executor completionExecutor) {
            this.completionExecutor = completionExecutor;
            return this;
        }

        public WatchboxClient build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException(
                        "maxBackoff " + maxBackoff + " is below initialBackoff " + initialBackoff);
            }
            ClientSettings settings = new ClientSettings(serverUri, uid, token, autoReconnect, initialBackoff,
                    maxBackoff, offlineBufferSize, connectTimeout, listener);
            ExecutorService ownCallbackThread = callbackExecutor == null ? Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "watchbox-callbacks");
                thread.setDaemon(true);
                return thread;
            }) : null;
            Runnable onClose = ownCallbackThread == null ? () -> { } : ownCallbackThread::shutdown;
            ClientRuntime runtime = new ClientRuntime(
                    transport != null ? transport : new JdkWebSocketTransport(httpClient()),
                    scheduler != null ? scheduler : new ThreadScheduler("watchbox-client"),
                    clock,
                    random,
                    ownCallbackThread != null ? ownCallbackThread : callbackExecutor,
                    completionExecutor != null ? completionExecutor : defaultCompletionExecutor(),
                    onClose);
            return new WatchboxClient(new ClientCore(settings, runtime));
        }

        private HttpClient httpClient() {
            return sslContext == null ? HttpClient.newHttpClient() : HttpClient.newBuilder().sslContext(sslContext).build();
        }

        /** The pool {@code CompletableFuture} itself uses for async work (a thread per task on one CPU). */
        private static Executor defaultCompletionExecutor() {
            return new CompletableFuture<Void>().defaultExecutor();
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + duration);
            }
            return duration;
        }
    }
}

package io.watchbox.internal.core;

import io.watchbox.EndReason;
import io.watchbox.GroupInfo;
import io.watchbox.SessionInfo;
import io.watchbox.Settings;
import io.watchbox.Stats;
import io.watchbox.StatsSample;
import io.watchbox.WatchboxAuthenticationException;
import io.watchbox.WatchboxAuthenticator.Handshake;
import io.watchbox.WatchboxAuthorizer;
import io.watchbox.WatchboxIdentity;
import io.watchbox.WatchboxTimeout;
import io.watchbox.internal.access.BearerToken;
import io.watchbox.internal.access.LogText;
import io.watchbox.internal.core.relay.CallKinds;
import io.watchbox.internal.core.relay.ClusterRelay;
import io.watchbox.internal.core.relay.MessageId;
import io.watchbox.internal.core.relay.MoveCodec;
import io.watchbox.internal.core.relay.ClusterState;
import io.watchbox.internal.core.relay.RelayCounts;
import io.watchbox.internal.core.relay.SessionMirror;
import io.watchbox.internal.core.store.StoreFile;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.logging.SocketFailures;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.protocol.CloseCodes;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.FrameEncoder;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.retained.RetainedMessages;
import io.watchbox.internal.routing.BadGroupException;
import io.watchbox.internal.routing.GroupName;
import io.watchbox.internal.routing.SharedSubscription;
import io.watchbox.internal.routing.SharingIndex;
import io.watchbox.internal.routing.TopicTree;
import io.watchbox.internal.session.Connection;
import io.watchbox.internal.session.HandedOffFlushes;
import io.watchbox.internal.session.NotOwnerException;
import io.watchbox.internal.session.Outbox;
import io.watchbox.internal.session.SendMeter;
import io.watchbox.internal.session.Session;
import io.watchbox.internal.session.SessionRegistry;
import io.watchbox.internal.values.SessionInfoRecord;
import io.watchbox.internal.values.StatsRecord;
import io.watchbox.internal.values.WatchboxMessageRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The broker's core, free of CDI and WebSocket types so that tests drive it directly: sessions,
 * subscriptions, publishing and session ends. Transports open a {@link ClientProtocol} per connection.
 */
public final class Broker {

    private static final String SERVER_STOPPING = "server stopping";
    static final String SESSION_GOES_ON = "server stopping; the session goes on elsewhere";
    /** A directory entry outlives its session's timeout by this much, so that it never goes first. */
    private static final int DIRECTORY_SLACK_SECONDS = 10;
    /** How many one-second samples {@link #statsHistory()} keeps: five minutes. */
    public static final int HISTORY_SECONDS = 300;
    private static final Logger CLIENT_LOG = LoggingLevel.client();
    private static final Logger ERROR_LOG = LoggingLevel.error();
    private static final Logger SERVER_LOG = LoggingLevel.server();

    private final Clock clock;
    private final BrokerEvents events;
    private final Access access;
    private final Counters counters = new Counters();
    /** This broker's sockets' failures, rate-limited together: a flood is one line a minute, whichever sockets. */
    private final SocketFailures socketFailures = new SocketFailures();
    private final SessionRegistry registry = new SessionRegistry(counters.dropped, () -> settings().maxclients());
    // A share's message goes to a member that is connected and not a whole queue behind, while one is.
    private final SharingIndex<Session> index = new SharingIndex<>(new TopicTree<>(),
            session -> session.isConnected() && session.unsent() < settings().listlimit());
    private final FrameEncoder encoder = new FrameEncoder();
    private final Router router;
    private final SessionMoves moves;
    private final SessionChase chase;
    private final MqttMirrorMarks mqttMirror;
    private final RetainedDelivery retained;
    private final ClusterViews views = new ClusterViews(this);
    /** The handshake of a connection that comes from loopback and carries no headers. */
    static final Handshake LOOPBACK = new Handshake(Map.of(), null, "127.0.0.1");
    private final OpenSockets sockets = new OpenSockets();
    private final AtomicReference<Settings> settings;
    private final StatsHistory history = new StatsHistory(HISTORY_SECONDS);
    private final PendingWills wills = new PendingWills((session, will, publisher) ->
            MqttWill.publish(this, session, will, publisher));
    private volatile boolean serving;
    private volatile boolean stopping;
    private volatile Duration handOverWithin = Duration.ZERO;
    private volatile Executor handOverTakes;
    /** Where outboxes whose sends complete on the sending thread hand their flushes over, or null: at once. */
    private volatile HandedOffFlushes flushes;
    /** Whether losing the other replicas (Redis) leaves this one ready: {@link #readyWithoutRelay}. */
    private volatile boolean readyWithoutRelay = true;
    /** {@code watchbox.store} on a single server, or null. */
    private volatile BrokerStore store;
    private volatile long lastSweep;

    public Broker(Settings settings, Clock clock, BrokerEvents events) {
        this(settings, clock, events, WatchboxAuthorizer.ALLOW_ALL);
    }

    public Broker(Settings settings, Clock clock, BrokerEvents events, WatchboxAuthorizer authorizer) {
        this(settings, clock, events, Access.open(authorizer));
    }

    public Broker(Settings settings, Clock clock, BrokerEvents events, Access access) {
        this.settings = new AtomicReference<>(settings);
        this.clock = clock;
        this.events = events;
        this.access = access;
        this.router = new Router(index, encoder, this.settings::get, counters);
        this.mqttMirror = new MqttMirrorMarks(router::mirror);
        this.moves = new SessionMoves(router, registry, index, this.settings::get, this::now, wills, mqttMirror);
        this.chase = new SessionChase(router, registry, moves,
                new SessionAdoption(router, registry, index, this.settings::get, this::now, mqttMirror));
        this.retained = new RetainedDelivery(encoder, this.settings::get, counters, this::now);
        this.lastSweep = clock.millis();
    }

    public Settings settings() {
        return settings.get();
    }

    /**
     * Changes settings atomically: concurrent changes of different settings all take effect.
     *
     * @return the settings now in force
     */
    public Settings updateSettings(UnaryOperator<Settings> change) {
        return settings.updateAndGet(change);
    }

    /** Opens the protocol of one new client connection from loopback, with no handshake headers. */
    public ClientProtocol open(Connection connection) {
        return open(connection, Map.of());
    }

    /** Opens the protocol of one new client connection from loopback. */
    public ClientProtocol open(Connection connection, Map<String, List<String>> parameters) {
        return open(connection, parameters, LOOPBACK);
    }

    /**
     * Opens the protocol of one new client connection.
     *
     * @param parameters the handshake's query parameters, for the authorizer
     * @param handshake  the handshake's headers and the client's address, for authentication
     */
    public ClientProtocol open(Connection connection, Map<String, List<String>> parameters, Handshake handshake) {
        return open(connection, parameters, handshake, null);
    }

    /**
     * Opens the protocol of one new client connection.
     *
     * @param parameters    the handshake's query parameters, for the authorizer
     * @param handshake     the handshake's headers and the client's address, for authentication
     * @param containerUser the user the container authenticated on the handshake, or null
     */
    public ClientProtocol open(Connection connection, Map<String, List<String>> parameters, Handshake handshake,
                               WatchboxIdentity containerUser) {
        Outbox outbox = new Outbox(connection, counters.sends, socketFailures);
        handOffFlushes(outbox);
        ClientProtocol protocol = new ClientProtocol(this, outbox, encoder, parameters, handshake, containerUser);
        admit(protocol, outbox, protocol::counted, "connection");
        return protocol;
    }

    /**
     * Opens the MQTT protocol of one new client connection, counted toward {@code maxclients} and
     * closed after {@code hellotimeout} without a CONNECT, like a JSON one.
     *
     * @param parameters    the handshake's query parameters, for the authorizer
     * @param handshake     the handshake's headers and the client's address, for authentication
     * @param containerUser the user the container authenticated on the handshake, or null
     */
    public MqttProtocol openMqtt(Connection connection, Map<String, List<String>> parameters, Handshake handshake,
                                 WatchboxIdentity containerUser) {
        MqttProtocol protocol = new MqttProtocol(this, connection, parameters, handshake, containerUser);
        handOffFlushes(protocol.outbox());
        admit(protocol, protocol.outbox(), protocol::counted, "MQTT connection");
        return protocol;
    }

    /**
     * Counts a new socket toward {@code maxclients}, whichever protocol it speaks, or closes it: with
     * 1001 while the server stops, with 1013 when it is full.
     *
     * @param counted told that the socket was counted, so that its close uncounts it
     * @param what    what the log calls a refused one
     */
    private void admit(OpenSocket socket, Outbox outbox, Runnable counted, String what) {
        if (stopping) {
            outbox.close(CloseCodes.GOING_AWAY, SERVER_STOPPING);
        } else if (sockets.tryOpen(socket, now(), settings().maxclients())) {
            counted.run();
        } else {
            String reason = "server full: " + settings().maxclients() + " open sockets";
            ERROR_LOG.info(() -> what + " refused: " + reason);
            outbox.close(CloseCodes.TRY_AGAIN_LATER, reason);
        }
    }

    /** From now on, every sweep closes the socket if its client falls silent past its keep alive. */
    void keepAlive(OpenSocket socket) {
        sockets.keepAlive(socket);
    }

    /** A socket said hello: it is no longer subject to {@code hellotimeout}. */
    void greeted(OpenSocket socket) {
        sockets.greeted(socket);
    }

    /** A socket closed; {@code counted} says whether it was counted toward {@code maxclients}. */
    void socketClosed(OpenSocket socket, boolean counted) {
        sockets.closed(socket, counted);
    }

    /**
     * Publishes for the server (no sender uid); returns how many sessions it was queued for, once
     * Redis has it in cluster mode.
     */
    public int publish(String group, String msg) throws BadGroupException {
        return publish(group, Payload.ofText(msg));
    }

    /** {@link #publish(String, String)} of a payload that may be bytes. */
    public int publish(String group, Payload payload) throws BadGroupException {
        GroupName.checkTopic(group);
        return router.publish(group, payload, null).awaitInRedis();
    }

    /**
     * Publishes for the server (no sender uid) and keeps the message as the group's retained one;
     * an empty message clears the group's retained message (and is still delivered).
     *
     * @return how many sessions it was queued for
     * @throws RetainedFullException when the retained messages are at their limits: nothing is published
     */
    public int publishRetained(String group, String msg) throws BadGroupException, RetainedFullException {
        return publishRetained(group, Payload.ofText(msg));
    }

    /** {@link #publishRetained(String, String)} of a payload that may be bytes. */
    public int publishRetained(String group, Payload payload) throws BadGroupException, RetainedFullException {
        return publishForServer(group, payload, true).awaitInRedis();
    }

    /**
     * The REST publish: {@link #publish(String, Payload)}, or {@link #publishRetained(String, Payload)}
     * when {@code retain}, answered once the relay knows whether the other replicas get it (at
     * once with Redis at hand; after an outage, or past its bounds, when Redis is out of reach).
     */
    public PublishOutcome publishAnswering(String group, Payload payload, boolean retain)
            throws BadGroupException, RetainedFullException {
        return publishForServer(group, payload, retain).awaitOutcome(router.relay().longestHold());
    }

    private Published publishForServer(String group, Payload payload, boolean retain)
            throws BadGroupException, RetainedFullException {
        GroupName.checkTopic(group);
        if (!retain) {
            return router.publish(group, payload, null);
        }
        retained.keep(group, payload, null, EncodedMessage.DEFAULT_QOS, MessageProperties.EMPTY);
        return router.publish(group, payload, null, EncodedMessage.Retain.PUBLISHED, EncodedMessage.DEFAULT_QOS,
                MessageProperties.EMPTY);
    }

    /** The retained messages, for administrators (in cluster mode, the cluster's, in Redis). */
    public RetainedMessages retained() {
        return retained.store();
    }

    /** Cluster mode: the retained messages live here, shared by every replica. Set once at start-up. */
    public void retainIn(RetainedMessages store) {
        retained.storeIn(store);
    }

    /** The retained messages a subscription to the filter receives, to {@link #queueRetained queue} after its ok. */
    List<EncodedMessage> retainedFor(String filter) {
        return retained.matching(filter);
    }

    /** Queues the retained messages of a subscription for its session. */
    void queueRetained(Session session, List<EncodedMessage> messages) {
        retained.queue(session, messages);
    }

    /**
     * Cluster mode: whether this replica stays ready ({@link #notReadyBecause}) while its relay is
     * disconnected ({@code watchbox.cluster.readywithoutredis}); it is unless told otherwise.
     */
    public void readyWithoutRelay(boolean ready) {
        this.readyWithoutRelay = ready;
    }

    /**
     * From now on, a connection whose container completes sends on the sending thread (Tyrus on
     * Payara) does not send a queued message there: its flush runs on this executor, and takes what
     * gathered meanwhile (see {@link HandedOffFlushes}). Set once at start-up, before clients connect.
     */
    public void handOffFlushesTo(Executor executor) {
        flushes = new HandedOffFlushes(executor);
    }

    private void handOffFlushes(Outbox outbox) {
        HandedOffFlushes to = flushes;
        if (to != null) {
            outbox.handOffFlushesTo(to);
        }
    }

    /**
     * Cluster mode: from now on, what is published here is relayed to the other replicas too.
     * Set once at start-up, before clients connect.
     */
    public void relayThrough(ClusterRelay relay) {
        router.relayThrough(relay);
        relay.answer(CallKinds.TAKE, moves::giveAway);
        relay.answer(CallKinds.HAND_OVER, this::acceptHandOver);
        relay.answer(CallKinds.KICK, (caller, uid) -> new byte[] {
                (byte) (kickHere(new String(uid, StandardCharsets.UTF_8)) ? 1 : 0)});
        views.answerThrough(relay);
        relay.trackSessions(() -> registry.all().stream().map(Session::uid).toList(), this::directoryEntryMillis);
    }

    /**
     * Cluster mode with {@code watchbox.cluster.mirror}: from now on every session here is copied to
     * the mirror (its kept messages sent once written), and a hello for a session whose replica
     * crashed adopts it from there. Set once at start-up, after {@link #relayThrough}, before clients connect.
     */
    public void mirrorThrough(SessionMirror mirror) {
        router.mirrorTo(mirror);
        registry.mirrorTo(new MirrorCopies(mirror));
        mirror.rewriteWith(this::rewriteMirror);
    }

    /** Writes every session here to the mirror again, as after a Redis that restarted empty. */
    private void rewriteMirror() {
        for (Session session : registry.all()) {
            describeToMirror(session);
            session.mirrorAgain();
            mqttMirror.whole(session);
        }
    }

    /** Where the MQTT state of the sessions here is copied (nowhere without a mirror). */
    MqttMirrorMarks mqttMirror() {
        return mqttMirror;
    }

    /** The mirror sessions are copied to; {@link SessionMirror#NONE} when there is none. */
    SessionMirror mirror() {
        return router.mirror();
    }

    /** With a mirror: writes what the session is made of apart from its messages (after a hello, sub, unsub or move). */
    void describeToMirror(Session session) {
        SessionMirror mirror = router.mirror();
        if (mirror != SessionMirror.NONE && !session.isEnded()) {
            mirror.described(SessionAdoption.describe(session));
        }
    }

    /**
     * Cluster mode: as this replica stops ({@link #shutdown()}), it hands its sessions over to the
     * other replicas, waiting at most {@code within} ({@code watchbox.cluster.handover}; zero: it
     * does not); the sessions other replicas hand over to this one are taken on {@code takes}.
     */
    public void handOverOnStop(Duration within, Executor takes) {
        this.handOverWithin = within;
        this.handOverTakes = takes;
    }

    /** Another replica that is stopping asks this one to take a session: taken later, on the executor. */
    private byte[] acceptHandOver(String holder, byte[] body) {
        Executor takes = handOverTakes;
        if (stopping || takes == null) {
            return new byte[] {0};
        }
        MoveCodec.Take take = MoveCodec.decodeTake(body);
        try {
            takes.execute(() -> moves.takeOver(holder, take));
        } catch (RejectedExecutionException e) {
            return new byte[] {0};
        }
        return new byte[] {1};
    }

    /**
     * How long the directory entries of the sessions held here last: as long as the longest any of
     * them waits for its client (an MQTT session's expiry may exceed {@code watchbox.timeout}), and more.
     */
    private long directoryEntryMillis() {
        long timeoutMillis = settings().timeout() * 1000L;
        long longest = timeoutMillis;
        for (Session session : registry.all()) {
            longest = Math.max(longest, session.outlivesConnectionBy(timeoutMillis));
        }
        return longest + DIRECTORY_SLACK_SECONDS * 1000L;
    }

    /** The relay to the other replicas, {@link ClusterRelay#NONE} in single-node mode. */
    public ClusterRelay relay() {
        return router.relay();
    }

    /**
     * Delivers a message that another replica published to this replica's subscribers, firing no
     * event (the publishing replica fired it); a group that is not one is ignored.
     *
     * @return how many sessions here it was queued for
     */
    public int deliverRelayed(String group, Payload payload, String from, MessageId id) {
        return deliverRelayed(group, payload, from, id, EncodedMessage.DEFAULT_QOS, MessageProperties.EMPTY);
    }

    /**
     * {@link #deliverRelayed(String, Payload, String, MessageId)} of a message published at an MQTT QoS, with
     * what an MQTT 5.0 publisher sent with it.
     */
    public int deliverRelayed(String group, Payload payload, String from, MessageId id, int qos,
                              MessageProperties properties) {
        try {
            GroupName.checkTopic(group);
        } catch (BadGroupException e) {
            ERROR_LOG.warning(() -> "ignored a relayed message to a bad group: " + e.getMessage());
            return 0;
        }
        return router.deliverRelayed(group, payload, from, id, qos, properties);
    }

    /** Whether the session is within {@code watchbox.ratelimit}; each call spends one publish. */
    boolean allowPublish(Session session) {
        return session.tryPublish(now(), settings().ratelimit());
    }

    Published publishFromClient(Session session, String group, Payload payload) throws BadGroupException, ForbiddenException {
        mayPublish(session, group);
        return route(session, group, payload, EncodedMessage.Retain.NONE, EncodedMessage.DEFAULT_QOS, MessageProperties.EMPTY);
    }

    /**
     * A client's publish, retained when it says so (then kept in the store first, and refused with
     * nothing published when the store is full), at an MQTT QoS (see {@link Router#publish(String,
     * Payload, String, EncodedMessage.Retain, int, MessageProperties)}), with the properties an MQTT 5.0
     * publisher sent for its subscribers (the retained copy keeps the QoS and properties too).
     */
    Published publishFromClient(Session session, String group, Payload payload, boolean retain, int qos,
                                MessageProperties properties)
            throws BadGroupException, ForbiddenException, RetainedFullException {
        return publishAs(session, session.identity(), group, payload, retain, qos, properties);
    }

    /**
     * A publish of the session's client as {@code identity} says it is, which need not be the client
     * attached now: an MQTT will speaks for the connection that set it, on whichever replica its
     * session is when it is published.
     */
    Published publishAs(Session session, WatchboxIdentity identity, String group, Payload payload, boolean retain,
                        int qos, MessageProperties properties)
            throws BadGroupException, ForbiddenException, RetainedFullException {
        mayPublish(session.uid(), identity, group);
        if (!retain) {
            return route(session.uid(), identity, group, payload, EncodedMessage.Retain.NONE, qos, properties);
        }
        retained.keep(group, payload, session.uid(), qos, properties);
        return route(session.uid(), identity, group, payload, EncodedMessage.Retain.PUBLISHED, qos, properties);
    }

    private void mayPublish(Session session, String group) throws BadGroupException, ForbiddenException {
        mayPublish(session.uid(), session.identity(), group);
    }

    private void mayPublish(String uid, WatchboxIdentity identity, String group) throws BadGroupException, ForbiddenException {
        GroupName.checkTopic(group);
        if (!access.authorizer().mayPublish(uid, identity, group)) {
            throw new ForbiddenException("not allowed to publish to '" + group + "'");
        }
    }

    private Published route(Session session, String group, Payload payload, EncodedMessage.Retain retain, int qos,
                            MessageProperties properties) {
        return route(session.uid(), session.identity(), group, payload, retain, qos, properties);
    }

    private Published route(String uid, WatchboxIdentity identity, String group, Payload payload,
                            EncodedMessage.Retain retain, int qos, MessageProperties properties) {
        Published published = router.publish(group, payload, uid, retain, qos, properties);
        events.clientPublished(new WatchboxMessageRecord(uid, identity == null ? null : identity.user(), group, payload,
                clock.instant()));
        return published;
    }

    /**
     * Who the client of a hello is: the one its {@code hello} token proves; else the user the
     * container authenticated on the handshake; else the one a bearer header of the handshake
     * proves; else null, an anonymous client.
     *
     * @param containerUser the container's user of the handshake, or null
     * @throws WatchboxAuthenticationException when a token is refused, when the server accepts
     *                                         no tokens, or when an anonymous client may not connect from where it is
     */
    WatchboxIdentity authenticate(String helloToken, Handshake handshake, WatchboxIdentity containerUser)
            throws WatchboxAuthenticationException {
        if (helloToken != null) {
            return verify(helloToken, handshake);
        }
        if (containerUser != null) {
            return containerUser;
        }
        String bearer = BearerToken.of(handshake.header(BearerToken.HEADER));
        if (bearer != null) {
            return verify(bearer, handshake);
        }
        if (!access.anonymous().admits(handshake.remoteAddress())) {
            throw new WatchboxAuthenticationException("anonymous clients are not accepted from this address");
        }
        return null;
    }

    /**
     * Who a token says the client is, checked by the application's authenticator or as a JWT.
     *
     * @throws WatchboxAuthenticationException when the token is refused or has expired, or when the server accepts no tokens
     */
    public WatchboxIdentity verify(String token, Handshake handshake) throws WatchboxAuthenticationException {
        if (access.authenticator() == null) {
            throw new WatchboxAuthenticationException("this server accepts no tokens (no keys are configured)");
        }
        WatchboxIdentity identity = access.authenticator().authenticate(token, handshake);
        if (identity.expires() != null && !identity.expires().isAfter(clock.instant())) {
            throw new WatchboxAuthenticationException("the token has expired");
        }
        return identity;
    }

    /** Whether the authorizer lets this client in. */
    boolean mayConnect(String uid, WatchboxIdentity identity, Map<String, List<String>> parameters) {
        return access.authorizer().mayConnect(uid, identity, parameters);
    }

    /** Closes the connection when the identity's credential expires (the sweep does it). */
    void expiresAt(OpenSocket socket, WatchboxIdentity identity) {
        if (identity != null && identity.expires() != null) {
            sockets.expiresAt(socket, identity.expires().toEpochMilli());
        }
    }

    /**
     * Attaches a connection to its session; null when a new session would exceed {@code maxclients},
     * or when the server is stopping (the outbox is then already closed as going away).
     *
     * @throws NotOwnerException when the uid names a live session and the resume key is not its own
     * @throws HolderBusyException cluster mode: the replica that holds the session kept it, too busy to give it in time
     */
    SessionRegistry.Attachment hello(String uid, Long since, String resumeKey, WatchboxIdentity identity, Outbox outbox)
            throws NotOwnerException, HolderBusyException {
        SessionChase.Found found = chase.find(uid, since, resumeKey, identity, outbox);
        SessionRegistry.Attachment moved = found.attachment();
        SessionRegistry.Attachment attachment = moved != null ? moved
                : registry.attach(uid, since, resumeKey, identity, outbox, now());
        if (attachment == null) {
            return null;
        }
        if (moved == null && !attachment.resumed()) {
            if (found.heldElsewhere()) {
                attachment.session().standsInForAnother();
            }
            router.relay().held(attachment.session().uid());
            describeToMirror(attachment.session());
        }
        // Checked after attaching: either shutdown() saw this session, or this sees the flag.
        if (stopping) {
            attachment.session().end();
            outbox.close(CloseCodes.GOING_AWAY, SERVER_STOPPING);
            return null;
        }
        if (attachment.replaced() != null) {
            attachment.replaced().close(CloseCodes.REPLACED, "replaced by a newer connection");
        }
        boolean saidSince = since != null && since != Session.AFTER_LAST_TAKEN;
        CLIENT_LOG.info(() -> "client " + attachment.session().uid()
                + (attachment.resumed() ? " resumed" : " connected") + (saidSince ? " since " + since : ""));
        return attachment;
    }

    void subscribe(Session session, String pattern) throws BadGroupException, ForbiddenException {
        GroupName.checkFilter(pattern);
        if (session.groups().contains(pattern)) {
            return;
        }
        if (!access.authorizer().maySubscribe(session.uid(), session.identity(), SharedSubscription.routed(pattern))) {
            throw new ForbiddenException("not allowed to subscribe to '" + pattern + "'");
        }
        if (session.groups().size() >= settings().maxsubscriptions()) {
            throw new ForbiddenException("at most " + settings().maxsubscriptions() + " subscriptions per session");
        }
        // Listened to before the session has it, so that whoever takes it out of the session lets go of it once.
        ClusterRelay relay = router.relay();
        CompletableFuture<?> heard = relay.listen(SharedSubscription.routed(pattern));
        if (!session.groups().add(pattern)) {
            relay.unlisten(SharedSubscription.routed(pattern));
            return;
        }
        index.subscribe(pattern, session);
        if (session.isEnded()) {
            router.unsubscribe(session, pattern);
            return;
        }
        // Answered once Redis sends here what matches: nothing published anywhere after the ok passes it by.
        awaitHeard(heard, pattern);
        describeToMirror(session);
        CLIENT_LOG.info(() -> "client " + session.uid() + " subscribed to " + LogText.quote(pattern));
    }

    /** Waits, a little longer than a Redis command may take, until Redis sends here what the filter matches. */
    static void awaitHeard(CompletableFuture<?> heard, String filter) {
        ClusterRelay.awaitAnswer(heard).ifPresent(e -> ERROR_LOG.warning(() -> "Watchbox cluster: Redis did not confirm in "
                + "time that it sends this replica what " + LogText.quote(filter) + " matches (" + e
                + "); asked again at the next heartbeat"));
    }

    void unsubscribe(Session session, String pattern) {
        if (router.unsubscribe(session, pattern)) {
            describeToMirror(session);
            CLIENT_LOG.info(() -> "client " + session.uid() + " unsubscribed from " + LogText.quote(pattern));
        }
    }

    /**
     * A session's connection is gone, and the session ends with it, unless a newer connection took
     * it over: a clean session, or one its client never used ({@link Session#endsUnused}).
     */
    void connectionEnded(Session session, Outbox outbox) {
        if (session.detach(outbox, now())) {
            end(session, EndReason.LEFT);
        }
    }

    void disconnected(Session session, Outbox outbox) {
        if (session.detach(outbox, now())) {
            CLIENT_LOG.info(() -> "client " + session.uid() + " disconnected; session kept for "
                    + session.keptForMillis(settings().timeoutMillis()) / 1000 + " s");
        }
    }

    /**
     * Publishes an MQTT will at {@code dueAt} (epoch milliseconds), or when its session ends if
     * sooner, as {@code publisher} (the client that set it, or null).
     */
    void delayWill(Session session, long dueAt, Packet.Will will, WatchboxIdentity publisher) {
        wills.delay(session, dueAt, will, publisher);
    }

    /**
     * The session's MQTT client is back: a will still waiting for its delay is not published if the
     * session goes on, and is published now if the client's clean start ends what it was.
     */
    void settleWill(Session session, boolean goesOn) {
        if (goesOn) {
            wills.cancel(session);
        } else {
            wills.sessionEnded(session);
        }
    }

    /** The live session of this uid on this replica, if there is one. */
    Optional<Session> liveSession(String uid) {
        return registry.find(uid).filter(s -> !s.isEnded());
    }

    /**
     * Ends a session by uid on an administrator's request, on whichever replica holds it (cluster
     * mode: waits for that replica's answer); false if there is none.
     */
    public boolean kick(String uid) {
        return kickHere(uid) || kickWhereHeld(uid);
    }

    private boolean kickHere(String uid) {
        return registry.find(uid).map(session -> end(session, EndReason.KICKED)).orElse(false);
    }

    /** Cluster mode: the replica that holds the session, if another one does, ends it there. */
    private boolean kickWhereHeld(String uid) {
        ClusterRelay relay = router.relay();
        Optional<String> holder = relay.holderOf(uid);
        if (holder.isEmpty()) {
            return false;
        }
        try {
            byte[] answer = relay.call(holder.get(), CallKinds.KICK, uid.getBytes(StandardCharsets.UTF_8)).get();
            return answer.length == 1 && answer[0] == 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            ERROR_LOG.warning(() -> "Watchbox cluster: replica " + holder.get() + " did not end session " + uid
                    + ": " + e.getCause().getMessage());
            return false;
        }
    }

    /**
     * Ends every session whose client has been silent or away for longer than the timeout, and
     * closes every socket that has not said hello within {@code hellotimeout}.
     */
    public void sweep() {
        long now = now();
        lastSweep = now;
        for (OpenSocket silent : sockets.silentSince(now - settings().hellotimeout() * 1000L)) {
            sockets.greeted(silent);
            silent.helloTimedOut(settings().hellotimeout());
        }
        for (OpenSocket expired : sockets.expiredAt(now)) {
            expired.credentialExpired();
        }
        for (OpenSocket kept : sockets.keptAlive()) {
            kept.checkKeepAlive(now);
        }
        wills.publishDue(now);
        long timeoutMillis = settings().timeoutMillis();
        for (Session session : registry.all()) {
            if (session.isExpired(now, timeoutMillis)) {
                end(session, EndReason.TIMEOUT);
            }
        }
    }

    /** Ends a session once: forgets it, closes its socket and fires {@code WatchboxTimeout}. */
    boolean end(Session session, EndReason reason) {
        Session.Ending ending = session.end();
        if (ending == null) {
            return false;
        }
        registry.remove(session);
        wills.sessionEnded(session);
        router.relay().released(session.uid());
        router.mirror().ended(session.uid());
        for (String pattern : session.groups()) {
            router.unsubscribe(session, pattern);
        }
        if (ending.outbox() != null) {
            switch (reason) {
                case TIMEOUT -> ending.outbox().close(CloseCodes.TIMED_OUT, "timed out");
                case KICKED -> ending.outbox().close(CloseCodes.KICKED, "kicked");
                case LEFT -> ending.outbox().close(CloseCodes.NORMAL, "bye");
            }
        }
        CLIENT_LOG.info(() -> "session " + session.uid() + " ended: " + reason);
        events.sessionEnded(new WatchboxTimeout(session.uid(), reason));
        return true;
    }

    /**
     * Closes every socket (going away) without ending sessions' events, and from now on closes new
     * connections the same way: the application or the whole server is stopping. Safe to call
     * more than once and from any thread.
     */
    public synchronized void shutdown() {
        boolean first = !stopping;
        stopping = true;
        if (first && !handOverWithin.isZero() && router.relay() != ClusterRelay.NONE) {
            handOver();
        }
        BrokerStore keeping = store;
        if (keeping != null) {
            // Ends every session as it saves it, so a second shutdown has nothing left to save.
            keeping.saveAndEnd().forEach(outbox -> outbox.close(CloseCodes.GOING_AWAY, SERVER_STOPPING));
        }
        for (Session session : registry.all()) {
            Session.Ending ending = session.end();
            if (ending != null && ending.outbox() != null) {
                ending.outbox().close(CloseCodes.GOING_AWAY, SERVER_STOPPING);
            }
        }
    }

    /** Gives this replica's sessions to the others, at most for {@link #handOverWithin}; says how it went. */
    private void handOver() {
        moves.leave();
        // Clients come back at once, on another replica, and take their sessions from here as in any
        // move; what is handed over below is what they have not taken by then. (Open Liberty's
        // `server stop` has dropped the sockets already: it stops its HTTP transport first.)
        for (OpenSocket socket : sockets.all()) {
            socket.handingOver();
        }
        for (Session session : registry.all()) {
            Outbox attached = session.attached();
            if (attached != null) {
                attached.close(CloseCodes.GOING_AWAY, SESSION_GOES_ON);
            }
        }
        long start = System.nanoTime();
        SessionHandOver.Outcome outcome = SessionHandOver.run(registry, router.relay(), handOverWithin);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (outcome.handedOver() > 0) {
            SERVER_LOG.info(() -> "Watchbox cluster: handed " + outcome.handedOver() + " sessions over to replicas "
                    + outcome.peers() + " in " + millis + " ms");
        }
        if (outcome.left() > 0) {
            ERROR_LOG.warning(() -> "Watchbox cluster: " + outcome.left() + " sessions were not handed over"
                    + (outcome.peers().isEmpty() ? " (no other replica is alive)"
                    : " within " + handOverWithin.toSeconds() + " s (watchbox.cluster.handover)")
                    + (router.mirror() == SessionMirror.NONE ? "; they end with this replica, and their clients start anew"
                    : "; their copies in Redis are adopted as after a crash when their clients come back"));
        }
    }

    /**
     * A single server keeps its sessions and retained messages in this store file: puts back what it
     * holds now, before any client comes, and saves into it at {@link #shutdown()} and at each
     * {@link #snapshotToStore()}.
     */
    public void keepIn(StoreFile file) {
        BrokerStore keeping = new BrokerStore(file, router, registry, index, retained::store, this::settings, this::now);
        router.fenceEveryPublish();
        keeping.restore();
        store = keeping;
    }

    /** A periodic snapshot into the store, if there is one, while the server runs. */
    public void snapshotToStore() {
        BrokerStore keeping = store;
        if (keeping != null && !stopping) {
            keeping.snapshot();
        }
    }

    /** The views of the whole cluster (on a single node, this broker's own). */
    public ClusterViews views() {
        return views;
    }

    /** This replica's sessions, sorted by uid ({@link #views()} for the cluster's). */
    public List<SessionInfo> sessions() {
        return registry.all().stream().map(Session::info)
                .sorted(Comparator.comparing(SessionInfo::uid)).toList();
    }

    /** A session of this replica ({@link #views()} for the cluster's). */
    public Optional<SessionInfo> session(String uid) {
        return registry.find(uid).map(Session::info);
    }

    /** This replica's counters ({@link #views()} for the cluster's). */
    public Stats stats() {
        long connected = 0;
        long queuedBytes = 0;
        long mqttSessions = 0;
        long mqttConnected = 0;
        for (Session session : registry.all()) {
            boolean isConnected = session.isConnected();
            boolean mqtt = SessionInfoRecord.MQTT.equals(session.protocol());
            connected += isConnected ? 1 : 0;
            mqttSessions += mqtt ? 1 : 0;
            mqttConnected += mqtt && isConnected ? 1 : 0;
            queuedBytes += session.queuedBytes();
        }
        RelayCounts relayed = router.relay().counts();
        return new StatsRecord(registry.size(), connected, counters.published.sum(),
                counters.delivered.sum(), counters.dropped.sum(), queuedBytes, sockets.count(),
                events.backlog(), events.dropped(), counters.sends.frames(), relayed.relayed(), relayed.notRelayed(), relayed.received(),
                relayed.missed(), relayed.ignored(), relayed.callsFailed(), relayed.notSent(), relayed.notLetGo(),
                views.missingAnswers(), mqttSessions, mqttConnected, relayed.claimsUnanswered(), counters.sharedLost.sum(),
                relayed.outageHeld(), relayed.outageRelayed(), relayed.outageDropped());
    }

    /** Every filter subscribed on this replica with its number of subscribers, sorted by filter ({@link #views()} for the cluster's). */
    public List<GroupInfo> groups() {
        return index.subscriberCounts().entrySet().stream()
                .map(e -> new GroupInfo(e.getKey(), e.getValue())).toList();
    }

    /** Adds a sample of the stats now to {@link #statsHistory()}; the container's scheduler calls it once a second. */
    public void sampleStats() {
        history.record(clock.instant(), stats());
    }

    /** The samples of the last {@link #HISTORY_SECONDS} seconds, oldest first. */
    public List<StatsSample> statsHistory() {
        return history.samples();
    }

    /** Counts the frames written and measures their publish-to-write latency. */
    public SendMeter sends() {
        return counters.sends;
    }

    /** Where the transport reports its sockets' failures. */
    public SocketFailures socketFailures() {
        return socketFailures;
    }

    /** The WebSocket endpoint is registered: clients can connect from now on. */
    public void startServing() {
        serving = true;
    }

    /**
     * Why a new client would be turned away now, or null when one would be taken: the endpoint is
     * not registered yet, the server is stopping, the open sockets or the sessions have reached
     * {@code watchbox.maxclients}, or (cluster mode, with {@code watchbox.cluster.readywithoutredis=false})
     * Redis is out of reach, so that what is published here reaches this replica's subscribers only.
     */
    public String notReadyBecause() {
        int max = settings().maxclients();
        if (stopping) {
            return "stopping";
        }
        if (!serving) {
            return "starting";
        }
        if (sockets.count() >= max) {
            return "maxclients reached: " + sockets.count() + " open sockets";
        }
        if (registry.size() >= max) {
            return "maxclients reached: " + registry.size() + " sessions";
        }
        if (!readyWithoutRelay && router.relay().state() == ClusterState.DISCONNECTED) {
            return "cluster degraded: Redis out of reach, messages reach this replica's subscribers only";
        }
        return null;
    }

    /** How long ago the last sweep ran: timeouts are enforced only while sweeps keep coming. */
    public Duration sinceLastSweep() {
        return Duration.ofMillis(Math.max(0, now() - lastSweep));
    }

    void touch(Session session) {
        session.touch(now());
    }

    long now() {
        return clock.millis();
    }
}

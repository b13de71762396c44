package io.watchbox.internal.core;

import io.watchbox.GroupFilter;
import io.watchbox.Settings;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.core.relay.CallKinds;
import io.watchbox.internal.core.relay.ClusterRelay;
import io.watchbox.internal.core.relay.MoveCodec;
import io.watchbox.internal.core.relay.MoveCodec.Given;
import io.watchbox.internal.core.relay.MoveCodec.Outcome;
import io.watchbox.internal.core.relay.MoveCodec.Take;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.protocol.CloseCodes;
import io.watchbox.internal.routing.SharedSubscription;
import io.watchbox.internal.routing.SubscriptionIndex;
import io.watchbox.internal.session.NotOwnerException;
import io.watchbox.internal.session.Outbox;
import io.watchbox.internal.session.Session;
import io.watchbox.internal.session.SessionRegistry;
import io.watchbox.internal.session.SessionSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Sessions moving between replicas (cluster mode): a {@code hello} here for a session another
 * replica holds takes it from there, with its subscriptions, numbering and kept messages, and the
 * holder closes the old socket with 4409.
 *
 * <p>Nothing is lost or doubled on the way. This replica starts catching every message delivered
 * here and sends the take, both behind the router's fence, so no message published here falls
 * between them, and the take travels after every message relayed here before it. The holder lets
 * go of the session behind its own fence, between two deliveries, and answers with the number of
 * the last message of each replica it had delivered by then. What was caught here and is newer than
 * those numbers, and matches the session's subscriptions, is what the session missed on the way;
 * it is queued behind the kept messages, in the order it arrived here.
 */
final class SessionMoves {

    private static final Logger CLIENT_LOG = LoggingLevel.client();
    private static final Logger ERROR_LOG = LoggingLevel.error();
    /**
     * How long a hello waits for the holder to let go: a live holder answers within milliseconds,
     * behind the relayed messages it is delivering; one that crashed a moment ago never does, and
     * the container thread waiting for it serves no one else meanwhile. Past it, a new session
     * starts here ({@code resumed: false}), which the client reports.
     */
    private static final Duration TAKE_WAIT = Duration.ofMillis(750);
    private final Router router;
    private final SessionRegistry registry;
    private final SubscriptionIndex<Session> index;
    private final Supplier<Settings> settings;
    private final LongSupplier now;

    SessionMoves(Router router, SessionRegistry registry, SubscriptionIndex<Session> index,
                 Supplier<Settings> settings, LongSupplier now) {
        this.router = router;
        this.registry = registry;
        this.index = index;
        this.settings = settings;
        this.now = now;
    }

    /**
     * Takes the session of {@code uid} from the replica that holds it and attaches the connection
     * to it here. Waits for the holder's answer, at most the relay's call timeout.
     *
     * @return the attachment; empty when the holder does not have the session any more or does not
     *         answer, and the hello goes on as for a session this replica does not know
     * @throws NotOwnerException when the holder says the key and the user are not the session's own
     */
    Optional<SessionRegistry.Attachment> take(String holder, String uid, Long since, String resumeKey,
                                              WatchboxIdentity identity, Outbox outbox) throws NotOwnerException {
        ClusterRelay relay = router.relay();
        // Redis sends the session's groups here only once its filters are listened to here; until
        // then everything comes here, from before the take.
        Broker.awaitHeard(relay.listenToEverything(), "#");
        try {
            return take(relay, holder, uid, since, resumeKey, identity, outbox);
        } finally {
            relay.unlistenToEverything();
        }
    }

    private Optional<SessionRegistry.Attachment> take(ClusterRelay relay, String holder, String uid, Long since,
                                                      String resumeKey, WatchboxIdentity identity, Outbox outbox)
            throws NotOwnerException {
        MessageCatcher catcher = new MessageCatcher();
        Take take = new Take(uid, resumeKey, identity == null ? null : identity.user());
        CompletableFuture<byte[]> answer = router.fenced(() -> {
            router.startCatching(catcher);
            return relay.call(holder, CallKinds.TAKE, MoveCodec.encode(take), TAKE_WAIT);
        });
        Given given;
        try {
            given = MoveCodec.decodeGiven(answer.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            router.stopCatching(catcher);
            return Optional.empty();
        } catch (ExecutionException | IllegalArgumentException e) {
            router.stopCatching(catcher);
            ERROR_LOG.warning(() -> "Watchbox cluster: could not take session " + uid + " from replica " + holder
                    + " (" + (e.getCause() == null ? e : e.getCause()).getMessage() + "); starting it anew here");
            return Optional.empty();
        }
        if (given.outcome() != Outcome.GIVEN) {
            router.stopCatching(catcher);
            if (given.outcome() == Outcome.NOT_OWNER) {
                throw new NotOwnerException(uid);
            }
            return Optional.empty();
        }
        List<CompletableFuture<?>> heard = new ArrayList<>();
        SessionRegistry.Attachment attachment = router.fenced(() -> {
            router.stopCatching(catcher);
            return adopt(given, catcher, since, identity, outbox, heard);
        });
        if (attachment == null) {
            ERROR_LOG.warning(() -> "Watchbox cluster: session " + uid + " from replica " + holder
                    + " could not be kept here (server full, or the uid started here meanwhile)");
            return Optional.empty();
        }
        Broker.awaitHeard(CompletableFuture.allOf(heard.toArray(CompletableFuture[]::new)),
                String.join(", ", given.snapshot().groups()));
        relay.held(uid);
        CLIENT_LOG.info(() -> "client " + uid + " moved here from replica " + holder);
        return Optional.of(attachment);
    }

    /**
     * Fenced: adds the session, its subscriptions and what it missed on the way; {@code heard}
     * gets, per filter, when Redis sends here what it matches.
     */
    private SessionRegistry.Attachment adopt(Given given, MessageCatcher catcher, Long since, WatchboxIdentity identity,
                                             Outbox outbox, List<CompletableFuture<?>> heard) {
        Settings limits = settings.get();
        SessionSnapshot snapshot = given.snapshot();
        Map<String, Long> delivered = given.watermarks();
        Long replayFrom = since != null && since == Session.AFTER_LAST_TAKEN && snapshot.mqtt() != null
                ? Long.valueOf(snapshot.mqtt().lastTakenSeq()) : since;
        SessionRegistry.Attachment attachment = registry.adopt(snapshot, delivered, replayFrom, identity, outbox,
                now.getAsLong(), limits.listlimit(), limits.maxqueuedbytes());
        if (attachment == null) {
            return null;
        }
        Session session = attachment.session();
        for (String filter : snapshot.groups()) {
            index.subscribe(filter, session);
            heard.add(router.relay().listen(SharedSubscription.routed(filter)));
        }
        if (catcher.overflowed()) {
            ERROR_LOG.warning(() -> "Watchbox cluster: more than " + MessageCatcher.LIMIT + " messages passed while session "
                    + snapshot.uid() + " moved here; it may miss some of them");
        }
        for (MessageCatcher.Caught caught : catcher.all()) {
            boolean deliveredThere = caught.id() != null && session.hadBeforeMove(caught.id().origin(), caught.id().seq());
            List<String> shares = new ArrayList<>(0);
            boolean ordinary = matches(snapshot, caught.group(), shares);
            if (ordinary || (!shares.isEmpty() && caught.id() == null)) {
                if (!deliveredThere) {
                    session.enqueue(caught.message(), limits.listlimit(), limits.maxqueuedbytes());
                }
            } else if (!shares.isEmpty()) {
                // Only as a member of shares: due if no replica took it for one of them, even one the
                // replica it came from handled, whose claim for it may still be out.
                router.claimFor(session, shares, caught.message(), caught.id());
            }
        }
        return attachment;
    }

    /** Whether an ordinary filter of the session matches the group; the shares whose FILTER does go to {@code shares}. */
    private static boolean matches(SessionSnapshot snapshot, String group, List<String> shares) {
        boolean ordinary = false;
        for (String filter : snapshot.groups()) {
            if (GroupFilter.matches(SharedSubscription.routed(filter), group)) {
                if (SharedSubscription.isShared(filter)) {
                    shares.add(filter);
                } else {
                    ordinary = true;
                }
            }
        }
        return ordinary;
    }

    /**
     * Answers another replica's take: lets go of the session, behind the fence, and closes its
     * socket with 4409; the session ends here without a {@code WatchboxTimeout}, since it goes on.
     */
    byte[] giveAway(String taker, byte[] body) {
        Take take = MoveCodec.decodeTake(body);
        Session.HandOver[] handOver = new Session.HandOver[1];
        Given given = router.fenced(() -> {
            try {
                handOver[0] = registry.handOver(take.uid(), take.resumeKey(), take.user());
            } catch (NotOwnerException e) {
                return Given.not(Outcome.NOT_OWNER);
            }
            if (handOver[0] == null) {
                return Given.not(Outcome.ABSENT);
            }
            for (String filter : handOver[0].snapshot().groups()) {
                router.unsubscribe(handOver[0].session(), filter);
            }
            return new Given(Outcome.GIVEN, handOver[0].snapshot(), router.relay().watermarks());
        });
        if (handOver[0] != null) {
            if (handOver[0].outbox() != null) {
                handOver[0].outbox().close(CloseCodes.REPLACED, "replaced by a newer connection");
            }
            CLIENT_LOG.info(() -> "client " + take.uid() + " moved to replica " + taker);
        }
        return MoveCodec.encode(given);
    }
}

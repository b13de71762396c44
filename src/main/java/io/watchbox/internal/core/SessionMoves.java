package io.watchbox.internal.core;

import io.watchbox.GroupFilter;
import io.watchbox.Settings;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.core.relay.CallKinds;
import io.watchbox.internal.core.relay.CallWithdrawnException;
import io.watchbox.internal.core.relay.ClusterRelay;
import io.watchbox.internal.core.relay.MoveCodec;
import io.watchbox.internal.core.relay.MoveCodec.Given;
import io.watchbox.internal.core.relay.MoveCodec.Outcome;
import io.watchbox.internal.core.relay.MoveCodec.Take;
import io.watchbox.internal.core.relay.SessionMirror;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.mqtt.session.PendingWill;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
     * How long a take waits for its holder's answer before it asks the directory, every
     * {@link #NAMED_POLL_MILLIS} from then on, whether that replica still holds the session: a live
     * holder answers within milliseconds, behind the relayed messages it is delivering, and a loaded
     * one within seconds; one that crashed a moment ago never does, and is overdue within 3.5 s of its
     * last heartbeat; one that stopped has handed the session to another replica.
     */
    private static final Duration TAKE_WAIT = Duration.ofMillis(750);
    private static final long NAMED_POLL_MILLIS = 100;
    /** How many times a take follows a holder's "moved to": one is the usual, a second a move behind a move. */
    private static final int MAX_MOVED_HOPS = 2;
    /**
     * How long a hello follows a session that a stopping replica is handing over, until the replica
     * it went to has taken it; a hand-over's take lasts milliseconds.
     */
    private static final Duration FOLLOW_WAIT = Duration.ofMillis(1500);
    private static final long FOLLOW_PAUSE_MILLIS = 10;
    /** How long a hand-over's take waits for the stopping replica, busy answering every taker at once. */
    private static final Duration HAND_OVER_WAIT = Duration.ofSeconds(5);
    /**
     * How long a take given up waits, once withdrawn, to learn whether its holder had already given
     * the session: the withdrawal is answered as it arrives, and a session given a moment before it
     * comes right behind.
     */
    private static final Duration WITHDRAW_WAIT = Duration.ofMillis(1500);
    private final Router router;
    private final SessionRegistry registry;
    private final SubscriptionIndex<Session> index;
    private final Supplier<Settings> settings;
    private final LongSupplier now;
    private final PendingWills wills;
    private final MqttMirrorMarks mqttMirror;
    /** Set as this replica starts handing its sessions over, for good: it is stopping. */
    private volatile boolean leaving;
    /** While leaving: which replica took each session, for a take that comes here after it left. */
    private final Map<String, String> handedOver = new ConcurrentHashMap<>();

    SessionMoves(Router router, SessionRegistry registry, SubscriptionIndex<Session> index,
                 Supplier<Settings> settings, LongSupplier now, PendingWills wills, MqttMirrorMarks mqttMirror) {
        this.router = router;
        this.registry = registry;
        this.index = index;
        this.settings = settings;
        this.now = now;
        this.wills = wills;
        this.mqttMirror = mqttMirror;
    }

    /**
     * Takes the session of {@code uid} from the replica that holds it and attaches the connection
     * to it here. Waits for the holder's answer while the directory names that replica, at most
     * until {@code giveUpAt} ({@link System#nanoTime()}).
     *
     * @return the attachment; empty when the holder does not have the session any more, or does not
     *         answer while it is named or in time, and the hello goes on as for a session this replica
     *         does not know
     * @throws NotOwnerException when the holder says the key and the user are not the session's own
     * @throws HolderBusyException when the holder kept the session as the take, given up, was withdrawn
     */
    Optional<SessionRegistry.Attachment> take(String holder, String uid, Long since, String resumeKey,
                                              WatchboxIdentity identity, Outbox outbox, long giveUpAt)
            throws NotOwnerException, HolderBusyException {
        return take(holder, uid, since, resumeKey, identity, outbox, true, giveUpAt);
    }

    /**
     * @param follow whether to follow the holder's "moved to": a client's hello does, to reach its
     *               session wherever it went; a hand-over does not, since the session has gone to
     *               its client, or to another replica that took it over
     */
    private Optional<SessionRegistry.Attachment> take(String holder, String uid, Long since, String resumeKey,
                                                      WatchboxIdentity identity, Outbox outbox, boolean follow,
                                                      long giveUpAt) throws NotOwnerException, HolderBusyException {
        ClusterRelay relay = router.relay();
        String from = holder;
        int hops = 0;
        long followUntil = System.nanoTime() + FOLLOW_WAIT.toNanos();
        while (true) {
            if (from.equals(relay.replicaId())) {
                // Handed over to this very replica, which is taking it now: the hello resumes it here.
                awaitArrival(uid, followUntil);
                return Optional.empty();
            }
            // Redis sends the session's groups here only once its filters are listened to here; until
            // then everything comes here, from before the take.
            Broker.awaitHeard(relay.listenToEverything(), "#");
            Taken taken;
            try {
                taken = take(relay, from, uid, since, resumeKey, identity, outbox, giveUpAt);
            } finally {
                relay.unlistenToEverything();
            }
            if (taken.movedTo() != null && follow && hops < MAX_MOVED_HOPS) {
                // A holder that is stopping gave the session on a moment ago, and names where: asked there.
                hops++;
                from = taken.movedTo();
            } else if (taken.absent() && hops > 0 && System.nanoTime() < followUntil) {
                pause(); // the replica it was handed to is still taking it
            } else {
                return Optional.ofNullable(taken.attachment());
            }
        }
    }

    /**
     * The holder's answer, waited for {@link #TAKE_WAIT}, then for as long as the directory names the
     * holder (a slow replica's answer is worth the wait; a crashed one's never comes), until {@code giveUpAt}.
     * A take given up is withdrawn, so that a session is never given to a taker that has stopped
     * waiting for it: a holder that had not begun to answer keeps the session, and one that had
     * gives it, and the take waits for that answer, at most {@link #WITHDRAW_WAIT}.
     *
     * @throws TimeoutException when the take is given up, and its holder did not give the session
     * @throws ExecutionException with a {@link CallWithdrawnException}
     *         when the holder confirms it kept the session
     */
    private static byte[] awaitAnswer(ClusterRelay relay, String holder, String uid, CompletableFuture<byte[]> answer,
                                      long giveUpAt) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return awaitWhileNamed(relay, holder, uid, answer, giveUpAt);
        } catch (HolderGone gone) {
            throw gone; // overdue: it crashed, and answers nothing more
        } catch (TimeoutException givenUp) {
            if (!relay.others().contains(holder)) {
                throw givenUp;
            }
            relay.withdraw(answer);
            try {
                return answer.get(WITHDRAW_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException unconfirmed) {
                throw givenUp;
            }
        }
    }

    private static byte[] awaitWhileNamed(ClusterRelay relay, String holder, String uid, CompletableFuture<byte[]> answer,
                                          long giveUpAt) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return answer.get(TAKE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException quiet) {
            while (System.nanoTime() < giveUpAt) {
                Optional<String> named = relay.holderOf(uid);
                if (named.isEmpty()) {
                    throw new HolderGone("replica " + holder + " did not answer within " + TAKE_WAIT.toMillis()
                            + " ms and is gone");
                }
                if (!named.equals(Optional.of(holder))) {
                    throw new TimeoutException("replica " + holder + " did not answer within " + TAKE_WAIT.toMillis()
                            + " ms and replica " + named.get() + " holds it now");
                }
                try {
                    return answer.get(NAMED_POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillQuiet) {
                    // asked again
                }
            }
            throw new TimeoutException("replica " + holder + " did not answer while the hello waited");
        }
    }

    /** A take given up because the directory no longer names any holder: the one asked is overdue. */
    private static final class HolderGone extends TimeoutException {
        private static final long serialVersionUID = 1L;

        HolderGone(String message) {
            super(message);
        }
    }

    /** Waits until the session is in this replica's registry, or the time is up. */
    private void awaitArrival(String uid, long giveUpAt) {
        while (registry.find(uid).isEmpty() && System.nanoTime() < giveUpAt) {
            pause();
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(FOLLOW_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A stopping replica's session, taken by this replica on that replica's request
     * ({@link io.watchbox.internal.core.relay.CallKinds#HAND_OVER}) without a client: it waits here,
     * detached, for its client's next hello, as it would have there.
     */
    void takeOver(String holder, Take take) {
        if (registry.find(take.uid()).filter(session -> !session.isEnded()).isPresent()) {
            return; // its client came here first, and took it already
        }
        try {
            take(holder, take.uid(), null, take.resumeKey(), null, null, false, System.nanoTime() + HAND_OVER_WAIT.toNanos());
        } catch (NotOwnerException e) {
            ERROR_LOG.warning(() -> "Watchbox cluster: replica " + holder + " refused its own key for session "
                    + take.uid() + " on hand-over");
        } catch (HolderBusyException e) {
            // Kept by the stopping replica: handed to another, or left to be adopted once it has stopped.
        }
    }

    /**
     * What a take came to: the session attached here, or null; the replica the holder gave it to, if
     * it says; whether the holder did not have it.
     */
    private record Taken(SessionRegistry.Attachment attachment, String movedTo, boolean absent) {
        static final Taken NOTHING = new Taken(null, null, false);
        static final Taken ABSENT = new Taken(null, null, true);
    }

    private Taken take(ClusterRelay relay, String holder, String uid, Long since, String resumeKey,
                       WatchboxIdentity identity, Outbox outbox, long giveUpAt)
            throws NotOwnerException, HolderBusyException {
        MessageCatcher catcher = new MessageCatcher();
        Take take = new Take(uid, resumeKey, identity == null ? null : identity.user());
        Duration within = Duration.ofNanos(Math.max(giveUpAt - System.nanoTime(), TAKE_WAIT.toNanos()))
                .plus(WITHDRAW_WAIT);
        CompletableFuture<byte[]> answer = router.fenced(() -> {
            router.startCatching(catcher);
            return relay.call(holder, CallKinds.TAKE, MoveCodec.encode(take), within);
        });
        Given given;
        try {
            given = MoveCodec.decodeGiven(awaitAnswer(relay, holder, uid, answer, giveUpAt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            router.stopCatching(catcher);
            return Taken.NOTHING;
        } catch (ExecutionException | TimeoutException | IllegalArgumentException e) {
            router.stopCatching(catcher);
            if (e.getCause() instanceof CallWithdrawnException) {
                CLIENT_LOG.info(() -> "session " + uid + " stays on replica " + holder
                        + ", which had not begun to give it when the take was given up");
                throw new HolderBusyException(uid, holder);
            }
            ERROR_LOG.warning(() -> "Watchbox cluster: could not take session " + uid + " from replica " + holder
                    + " (" + (e.getCause() == null ? e : e.getCause()).getMessage() + ")");
            return Taken.NOTHING;
        }
        if (given.outcome() != Outcome.GIVEN) {
            router.stopCatching(catcher);
            if (given.outcome() == Outcome.NOT_OWNER) {
                throw new NotOwnerException(uid);
            }
            return switch (given.outcome()) {
                case MOVED -> new Taken(null, given.movedTo(), false);
                case ABSENT -> Taken.ABSENT;
                default -> Taken.NOTHING;
            };
        }
        List<CompletableFuture<?>> heard = new ArrayList<>();
        SessionRegistry.Attachment attachment = router.fenced(() -> {
            router.stopCatching(catcher);
            return adopt(given, catcher, since, identity, outbox, heard);
        });
        if (attachment == null) {
            ERROR_LOG.warning(() -> "Watchbox cluster: session " + uid + " from replica " + holder
                    + " could not be kept here (server full, or the uid started here meanwhile)");
            return Taken.NOTHING;
        }
        Broker.awaitHeard(CompletableFuture.allOf(heard.toArray(CompletableFuture[]::new)),
                String.join(", ", given.snapshot().groups()));
        relay.held(uid);
        if (router.mirror() != SessionMirror.NONE) {
            router.mirror().described(SessionAdoption.describe(attachment.session()));
            mqttMirror.whole(attachment.session());
        }
        CLIENT_LOG.info(() -> (outbox == null ? "session " : "client ") + uid + " moved here from replica " + holder);
        return new Taken(attachment, null, false);
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
        long at = now.getAsLong();
        SessionRegistry.Attachment attachment = registry.adopt(snapshot, delivered, replayFrom, identity, outbox,
                at, limits.listlimit(), limits.maxqueuedbytes());
        if (attachment == null) {
            return null;
        }
        Session session = attachment.session();
        PendingWill will = snapshot.will();
        if (will != null) {
            // Due here when it was due there; a client's CONNECT that took the session settles it next.
            wills.delay(session, at + will.dueInMillis(), will.will(), will.publisher());
        }
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
     * This replica is stopping and gives its sessions away from now on: a session taken from here
     * closes its socket as going away, for its client to come back to it elsewhere, and a take that
     * comes after it left is told where it went.
     */
    void leave() {
        leaving = true;
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
                handOver[0] = registry.handOver(take.uid(), take.resumeKey(), take.user(), now.getAsLong());
            } catch (NotOwnerException e) {
                return Given.not(Outcome.NOT_OWNER);
            }
            if (handOver[0] == null) {
                String movedTo = leaving ? handedOver.get(take.uid()) : null;
                return movedTo == null ? Given.not(Outcome.ABSENT) : Given.movedTo(movedTo);
            }
            if (leaving) {
                handedOver.put(take.uid(), taker);
            }
            for (String filter : handOver[0].snapshot().groups()) {
                router.unsubscribe(handOver[0].session(), filter);
            }
            // A will whose delay runs goes with the session, and is no longer published here.
            PendingWill will = wills.takeAway(handOver[0].session(), now.getAsLong());
            return new Given(Outcome.GIVEN, handOver[0].snapshot().withWill(will), router.relay().watermarks());
        });
        if (handOver[0] != null) {
            if (handOver[0].outbox() != null && leaving) {
                // The client comes back, on any replica, to the session it had here.
                handOver[0].outbox().close(CloseCodes.GOING_AWAY, Broker.SESSION_GOES_ON);
            } else if (handOver[0].outbox() != null) {
                handOver[0].outbox().close(CloseCodes.REPLACED, "replaced by a newer connection");
            }
            CLIENT_LOG.info(() -> "client " + take.uid() + " moved to replica " + taker);
        }
        return MoveCodec.encode(given);
    }
}

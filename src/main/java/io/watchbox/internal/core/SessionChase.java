package io.watchbox.internal.core;

import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.core.relay.ClusterRelay;
import io.watchbox.internal.core.relay.SessionMirror;
import io.watchbox.internal.session.NotOwnerException;
import io.watchbox.internal.session.Outbox;
import io.watchbox.internal.session.SessionRegistry;
import java.time.Duration;
import java.util.Optional;

/**
 * Cluster mode: a {@code hello} for a session this replica does not have goes after it, wherever
 * it is. It takes the session from the replica the directory names ({@link SessionMoves}), whose
 * answer it waits for while the directory names it; when the directory names another replica or
 * none, it goes on from there: a holder that crashed a moment ago is overdue once its heartbeat is
 * 3.5 s old, and its session is then adopted from the mirror ({@link SessionAdoption}); a holder
 * that handed the session over as it stopped (its sockets close before it hands over, and its
 * answers stop as it leaves) is left for the replica the directory names now. A live holder that had
 * not begun to give the session when the chase gave up keeps it ({@link HolderBusyException}).
 */
final class SessionChase {

    /**
     * How long a hello goes after its session, holding its container thread: a crashed holder is
     * overdue within 3.5 s, and a holder on a loaded machine was seen to answer 2.5 s late. A take
     * still unanswered then is withdrawn, which can add up to 1.5 s ({@link SessionMoves}).
     */
    private static final Duration CHASE_WAIT = Duration.ofMillis(4750);
    /** Replicas named one after another: one is the usual, a second a hand-over behind a crash. */
    private static final int MAX_HOLDERS = 3;

    private final Router router;
    private final SessionRegistry registry;
    private final SessionMoves moves;
    private final SessionAdoption adoption;

    SessionChase(Router router, SessionRegistry registry, SessionMoves moves, SessionAdoption adoption) {
        this.router = router;
        this.registry = registry;
        this.moves = moves;
        this.adoption = adoption;
    }

    /**
     * What the chase came to.
     *
     * @param attachment the session, taken or adopted and attached to the connection; null when no
     *                   other replica has it, or none gave it within {@link #CHASE_WAIT}, or it was
     *                   handed to this replica meanwhile (the hello then finds it here)
     * @param heldElsewhere whether the directory named another replica as its holder when the chase began
     */
    record Found(SessionRegistry.Attachment attachment, boolean heldElsewhere) {
        static final Found NOTHING = new Found(null, false);
    }

    /**
     * Goes after the session of a uid that no session here has.
     *
     * @throws NotOwnerException when the holder or the mirror says the key and the user are not the session's own
     * @throws HolderBusyException when the holder, alive, kept the session: it did not begin to give it in time
     */
    Found find(String uid, Long since, String resumeKey, WatchboxIdentity identity, Outbox outbox)
            throws NotOwnerException, HolderBusyException {
        ClusterRelay relay = router.relay();
        if (uid == null || relay == ClusterRelay.NONE || isHere(uid)) {
            return Found.NOTHING;
        }
        Optional<String> holder = relay.holderOf(uid);
        return new Found(chase(holder, uid, since, resumeKey, identity, outbox), holder.isPresent());
    }

    private SessionRegistry.Attachment chase(Optional<String> first, String uid, Long since, String resumeKey,
                                             WatchboxIdentity identity, Outbox outbox)
            throws NotOwnerException, HolderBusyException {
        ClusterRelay relay = router.relay();
        Optional<String> holder = first;
        boolean mirrored = router.mirror() != SessionMirror.NONE;
        long giveUpAt = System.nanoTime() + CHASE_WAIT.toNanos();
        for (int asked = 0; asked < MAX_HOLDERS; asked++) {
            if (holder.isEmpty()) {
                // Its holder may have crashed: the mirror, if on, has the session.
                Optional<SessionRegistry.Attachment> adopted = adoption.adopt(uid, since, resumeKey, identity, outbox);
                if (adopted.isPresent() || !mirrored) {
                    return adopted.orElse(null);
                }
                // Another replica may have won the adoption a moment ago: the session is taken from there.
                holder = relay.holderOf(uid);
                if (holder.isEmpty()) {
                    return null;
                }
            }
            Optional<SessionRegistry.Attachment> taken = moves.take(holder.get(), uid, since, resumeKey, identity, outbox,
                    giveUpAt);
            if (taken.isPresent() || isHere(uid)) {
                return taken.orElse(null);
            }
            Optional<String> named = relay.holderOf(uid);
            if (named.equals(holder) || named.isEmpty() && !mirrored || System.nanoTime() >= giveUpAt) {
                return null; // still named and not giving it, or nowhere, or too late: it starts anew here
            }
            holder = named;
        }
        return null;
    }

    private boolean isHere(String uid) {
        return registry.find(uid).filter(session -> !session.isEnded()).isPresent();
    }
}

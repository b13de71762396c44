package io.watchbox.internal.session;

import io.watchbox.WatchboxIdentity;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * All live sessions by uid: creates, resumes and takes over sessions when a client says hello.
 * A uid is public, so resuming or taking over a live session takes its secret resume key.
 */
public final class SessionRegistry {

    private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final LongAdder dropped;
    private final IntSupplier maxSessions;
    // Counted apart from the map so that the limit holds exactly under concurrent hellos.
    private final AtomicInteger count = new AtomicInteger();
    private volatile KeptMirror mirror = KeptMirror.NONE;

    public SessionRegistry(LongAdder dropped, IntSupplier maxSessions) {
        this.dropped = dropped;
        this.maxSessions = maxSessions;
    }

    /** Cluster mode with {@code watchbox.cluster.mirror}: the sessions started or adopted from now on copy their kept messages there. */
    public void mirrorTo(KeptMirror mirror) {
        this.mirror = mirror;
    }

    /** Whether a uid a client asks for is well formed: 1-64 characters of [A-Za-z0-9_-], as in a JSON hello. */
    public static boolean isValidUid(String uid) {
        return UID.matcher(uid).matches();
    }

    /**
     * Attaches a connection to the session of this uid, resuming it if it is alive or starting a new one.
     *
     * @param uid       the uid the client asked for, or null to get a generated one
     * @param since     the last seq the client received, or null
     * @param resumeKey the key a previous welcome gave this uid, or null
     * @param identity  who the client is, or null for an anonymous client; the same user as the
     *                  session's owner may resume it without the key
     * @return the attachment, or null when a new session would exceed the limit of sessions
     * @throws NotOwnerException when a live session has this uid and neither the key nor the user
     *                           is its own; the session is untouched
     */
    public Attachment attach(String uid, Long since, String resumeKey, WatchboxIdentity identity, Outbox outbox, long now)
            throws NotOwnerException {
        String key = uid != null ? uid : newId();
        for (;;) {
            boolean[] created = new boolean[1];
            boolean[] refused = new boolean[1];
            Session session = sessions.compute(key, (k, existing) -> {
                if (existing != null && !existing.isEnded()) {
                    refused[0] = !existing.isResumeKey(resumeKey) && !existing.isOwnedBy(identity);
                    return existing;
                }
                if (existing == null && !reserve()) {
                    return null;
                }
                created[0] = true;
                Session fresh = new Session(k, newId(), identity, now, dropped);
                fresh.mirrorTo(mirror);
                return fresh;
            });
            if (refused[0]) {
                throw new NotOwnerException(key);
            }
            if (session == null) {
                return null;
            }
            Outbox previous = session.attach(outbox, created[0] ? null : since, identity, now);
            if (previous != null) {
                return new Attachment(session, !created[0], previous == outbox ? null : previous);
            }
            // Ended between lookup and attach (timed out or kicked at that instant): start afresh.
        }
    }

    /**
     * Adds a session that moved here from another replica and attaches the connection to it,
     * replaying from {@code since}; without a connection ({@code outbox} null: a stopping replica
     * handed it over), it waits detached, away for as long as the snapshot says its client was, and
     * so times out when it would have on the replica it came from.
     *
     * @param hadBeforeMove per replica, the number of its last message the session had where it was
     *
     * @return the attachment, or null when a live session of that uid is here already, or when one
     *         more session would exceed the limit
     */
    public Attachment adopt(SessionSnapshot snapshot, Map<String, Long> hadBeforeMove, Long since,
                            WatchboxIdentity identity, Outbox outbox, long now, int listlimit, long maxBytes) {
        Session session = Session.restore(snapshot, hadBeforeMove, now - snapshot.awayMillis(), listlimit, maxBytes,
                dropped);
        session.mirrorTo(mirror);
        boolean[] added = new boolean[1];
        sessions.compute(snapshot.uid(), (uid, existing) -> {
            if (existing != null && !existing.isEnded() || existing == null && !reserve()) {
                return existing;
            }
            added[0] = true;
            return session;
        });
        if (!added[0]) {
            return null;
        }
        if (outbox != null) { // else it waits, detached, for its client
            session.attach(outbox, since, identity, now);
        }
        return new Attachment(session, true, null);
    }

    /**
     * Adds a session the store kept while the server was stopped, detached, away since
     * {@code awaySince}, so that it times out as if the server had kept running; the caller adds its
     * subscriptions to the index.
     *
     * @return the session, or null when a session of that uid is here already or the limit of sessions is reached
     */
    public Session restore(SessionSnapshot snapshot, long awaySince, int listlimit, long maxBytes) {
        Session session = Session.restore(snapshot, Map.of(), awaySince, listlimit, maxBytes, dropped);
        boolean[] added = new boolean[1];
        sessions.compute(snapshot.uid(), (uid, existing) -> {
            if (existing != null || !reserve()) {
                return existing;
            }
            added[0] = true;
            return session;
        });
        return added[0] ? session : null;
    }

    /**
     * Ends the live session of this uid here at {@code now}, for it to move to another replica, if
     * the key or the user is its own; the caller unsubscribes it and closes its outbox.
     *
     * @return the session's hand-over, or null when no live session has this uid
     * @throws NotOwnerException when neither the key nor the user is the session's own; it is untouched
     */
    public Session.HandOver handOver(String uid, String resumeKey, String user, long now) throws NotOwnerException {
        Session session = sessions.get(uid);
        if (session == null || session.isEnded()) {
            return null;
        }
        if (!session.isResumeKey(resumeKey) && !session.isOwnedBy(user)) {
            throw new NotOwnerException(uid);
        }
        Session.HandOver handOver = session.handOver(now);
        if (handOver != null) {
            remove(session);
        }
        return handOver;
    }

    public Optional<Session> find(String uid) {
        return Optional.ofNullable(sessions.get(uid));
    }

    public Collection<Session> all() {
        return sessions.values();
    }

    public int size() {
        return count.get();
    }

    /** Forgets an ended session (and only that instance, not a newer one with the same uid). */
    public void remove(Session session) {
        if (sessions.remove(session.uid(), session)) {
            count.decrementAndGet();
        }
    }

    private boolean reserve() {
        int max = maxSessions.getAsInt();
        return count.getAndUpdate(n -> n < max ? n + 1 : n) < max;
    }

    /** 128 random bits, URL-safe: generated uids and resume keys. */
    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The outcome of a hello.
     *
     * @param resumed  whether an existing session was continued
     * @param replaced the outbox of the connection this one took over from, or null
     */
    public record Attachment(Session session, boolean resumed, Outbox replaced) {
    }
}

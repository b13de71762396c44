package io.watchbox.internal.core;

import io.watchbox.internal.core.relay.CallKinds;
import io.watchbox.internal.core.relay.ClusterRelay;
import io.watchbox.internal.core.relay.MoveCodec;
import io.watchbox.internal.core.relay.MoveCodec.Take;
import io.watchbox.internal.session.Session;
import io.watchbox.internal.session.SessionRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A replica stopping on purpose (SIGTERM, undeploy, a rolling restart) hands every session it holds
 * to the other live replicas before its sockets close: it asks one of them per session
 * ({@link CallKinds#HAND_OVER}) to take it, and that replica takes it as a {@code hello} would
 * ({@link SessionMoves}): subscriptions, numbering, kept messages and MQTT state, with what is
 * published meanwhile caught on the way. The client then resumes on any replica with nothing lost.
 *
 * <p>Bounded in time: whatever is still here at the deadline ends with this replica, and its client
 * starts anew ({@code resumed: false}).
 */
final class SessionHandOver {

    private static final long POLL_MILLIS = 10;

    /** How it went: sessions gone to another replica, and sessions still here at the end. */
    record Outcome(int handedOver, int left, List<String> peers) {
    }

    private SessionHandOver() {
    }

    /** Hands the live sessions of the registry over through the relay, waiting at most {@code within}. */
    static Outcome run(SessionRegistry registry, ClusterRelay relay, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        List<Session> sessions = registry.all().stream().filter(session -> !session.isEnded()).toList();
        List<String> peers = relay.others().stream().sorted().toList();
        if (sessions.isEmpty() || peers.isEmpty()) {
            return new Outcome(0, sessions.size(), peers);
        }
        List<CompletableFuture<Boolean>> asked = new ArrayList<>(sessions.size());
        for (Session session : sessions) {
            asked.add(ask(relay, peers, session, 0, deadline));
        }
        while (System.nanoTime() < deadline && anyPending(registry, sessions, asked)) {
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = (int) sessions.stream().filter(session -> isHere(registry, session)).count();
        return new Outcome(sessions.size() - left, left, peers);
    }

    /**
     * Asks a peer to take the session, the same peer for the same uid so that the sessions spread
     * over the peers; one that will not (it is stopping too) or does not answer, the next.
     *
     * @return completes with whether a peer said it takes the session
     */
    private static CompletableFuture<Boolean> ask(ClusterRelay relay, List<String> peers, Session session, int attempt,
                                                  long deadline) {
        String peer = peers.get(Math.floorMod(session.uid().hashCode() + attempt, peers.size()));
        long leftNanos = deadline - System.nanoTime();
        if (leftNanos <= 0) {
            return CompletableFuture.completedFuture(false);
        }
        byte[] body = MoveCodec.encode(new Take(session.uid(), session.resumeKey(), null));
        return relay.call(peer, CallKinds.HAND_OVER, body, Duration.ofNanos(leftNanos))
                .handle((answer, failure) -> failure == null && answer.length == 1 && answer[0] == 1)
                .thenCompose(accepted -> accepted || attempt + 1 >= peers.size()
                        ? CompletableFuture.completedFuture(accepted)
                        : ask(relay, peers, session, attempt + 1, deadline));
    }

    /** Whether some session is still being asked about, or was accepted and not taken yet. */
    private static boolean anyPending(SessionRegistry registry, List<Session> sessions,
                                      List<CompletableFuture<Boolean>> asked) {
        for (int i = 0; i < sessions.size(); i++) {
            CompletableFuture<Boolean> answer = asked.get(i);
            if (!answer.isDone() || answer.join() && isHere(registry, sessions.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHere(SessionRegistry registry, Session session) {
        return !session.isEnded() && registry.find(session.uid()).filter(found -> found == session).isPresent();
    }
}

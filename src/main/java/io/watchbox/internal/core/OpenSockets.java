package io.watchbox.internal.core;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sockets open now, each counted toward {@code maxclients} from the moment it opens, and the
 * ones among them that have not said hello yet, with the time they opened: a flood of sockets that
 * never say hello cannot grow past the limit, and each is closed after {@code hellotimeout}.
 */
final class OpenSockets {

    private final AtomicInteger open = new AtomicInteger();
    private final Set<OpenSocket> all = ConcurrentHashMap.newKeySet();
    private final Map<OpenSocket, Long> awaitingHello = new ConcurrentHashMap<>();
    private final Map<OpenSocket, Long> expiring = new ConcurrentHashMap<>();
    /** Sockets whose protocol ends them when their client falls silent (MQTT's keep alive). */
    private final Set<OpenSocket> keptAlive = ConcurrentHashMap.newKeySet();

    /** Counts a new socket if fewer than {@code max} are open; false when it must be refused. */
    boolean tryOpen(OpenSocket socket, long now, int max) {
        if (open.getAndUpdate(n -> n < max ? n + 1 : n) >= max) {
            return false;
        }
        all.add(socket);
        awaitingHello.put(socket, now);
        return true;
    }

    /** The socket said hello (whatever came of it): no longer subject to the hello timeout. */
    void greeted(OpenSocket socket) {
        awaitingHello.remove(socket);
    }

    /** The socket is gone; a counted socket is uncounted exactly once. */
    void closed(OpenSocket socket, boolean counted) {
        all.remove(socket);
        awaitingHello.remove(socket);
        expiring.remove(socket);
        keptAlive.remove(socket);
        if (counted) {
            open.decrementAndGet();
        }
    }

    /** Sockets that opened at or before the deadline and have not said hello. */
    List<OpenSocket> silentSince(long deadline) {
        return awaitingHello.entrySet().stream().filter(e -> e.getValue() <= deadline).map(Map.Entry::getKey).toList();
    }

    /** The socket's credential stops being valid at this time (epoch milliseconds). */
    void expiresAt(OpenSocket socket, long millis) {
        expiring.put(socket, millis);
    }

    /** Sockets whose credential has expired by now; each is reported once. */
    List<OpenSocket> expiredAt(long now) {
        List<OpenSocket> expired = expiring.entrySet().stream().filter(e -> e.getValue() <= now)
                .map(Map.Entry::getKey).toList();
        expired.forEach(expiring::remove);
        return expired;
    }

    /** From now on, every sweep asks the socket whether its client has been silent too long. */
    void keepAlive(OpenSocket socket) {
        keptAlive.add(socket);
    }

    Set<OpenSocket> keptAlive() {
        return keptAlive;
    }

    /** Every socket counted and not closed yet. */
    Set<OpenSocket> all() {
        return all;
    }

    int count() {
        return open.get();
    }
}

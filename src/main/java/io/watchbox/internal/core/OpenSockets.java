package io.watchbox.internal.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sockets open now, each counted toward {@code maxclients} from the moment it opens, and the
 * ones among them that have not said hello yet, with the time they opened: a flood of sockets that
 * never say hello cannot grow past the limit, and each is closed after {@code hellotimeout}.
 */
final class OpenSockets {

    private final AtomicInteger open = new AtomicInteger();
    private final Map<ClientProtocol, Long> awaitingHello = new ConcurrentHashMap<>();
    private final Map<ClientProtocol, Long> expiring = new ConcurrentHashMap<>();

    /** Counts a new socket if fewer than {@code max} are open; false when it must be refused. */
    boolean tryOpen(ClientProtocol socket, long now, int max) {
        if (open.getAndUpdate(n -> n < max ? n + 1 : n) >= max) {
            return false;
        }
        awaitingHello.put(socket, now);
        return true;
    }

    /** The socket said hello (whatever came of it): no longer subject to the hello timeout. */
    void greeted(ClientProtocol socket) {
        awaitingHello.remove(socket);
    }

    /** The socket is gone; a counted socket is uncounted exactly once. */
    void closed(ClientProtocol socket, boolean counted) {
        awaitingHello.remove(socket);
        expiring.remove(socket);
        if (counted) {
            open.decrementAndGet();
        }
    }

    /** Sockets that opened at or before the deadline and have not said hello. */
    List<ClientProtocol> silentSince(long deadline) {
        return awaitingHello.entrySet().stream().filter(e -> e.getValue() <= deadline).map(Map.Entry::getKey).toList();
    }

    /** The socket's credential stops being valid at this time (epoch milliseconds). */
    void expiresAt(ClientProtocol socket, long millis) {
        expiring.put(socket, millis);
    }

    /** Sockets whose credential has expired by now; each is reported once. */
    List<ClientProtocol> expiredAt(long now) {
        List<ClientProtocol> expired = expiring.entrySet().stream().filter(e -> e.getValue() <= now)
                .map(Map.Entry::getKey).toList();
        expired.forEach(expiring::remove);
        return expired;
    }

    int count() {
        return open.get();
    }
}

package io.watchbox.internal.core;

import io.watchbox.Settings;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.retained.RetainedLimits;
import io.watchbox.internal.retained.RetainedMessage;
import io.watchbox.internal.retained.RetainedMessages;
import io.watchbox.internal.retained.Retention;
import io.watchbox.internal.routing.SubscriptionIndex;
import io.watchbox.internal.session.Outbox;
import io.watchbox.internal.session.Session;
import io.watchbox.internal.session.SessionRegistry;
import io.watchbox.internal.core.store.StoreFile;
import io.watchbox.internal.core.store.StoredSession;
import io.watchbox.internal.core.store.StoredState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The broker's side of {@code watchbox.store} (a single server): takes what the store keeps, its
 * sessions that outlive their connection and its retained messages, behind the router's fence, so
 * that every message was queued for all of them or for none; and puts it back at start-up.
 */
final class BrokerStore {

    private static final Logger SERVER_LOG = LoggingLevel.server();
    private static final Logger CLIENT_LOG = LoggingLevel.client();
    private static final Logger ERROR_LOG = LoggingLevel.error();
    /** Retained messages are listed in pages of this many, as the admin REST resource does. */
    private static final int PAGE = 1000;

    private final StoreFile file;
    private final Router router;
    private final SessionRegistry registry;
    private final SubscriptionIndex<Session> index;
    private final Supplier<RetainedMessages> retained;
    private final Supplier<Settings> settings;
    private final LongSupplier now;

    BrokerStore(StoreFile file, Router router, SessionRegistry registry, SubscriptionIndex<Session> index,
                Supplier<RetainedMessages> retained, Supplier<Settings> settings, LongSupplier now) {
        this.file = file;
        this.router = router;
        this.registry = registry;
        this.index = index;
        this.retained = retained;
        this.settings = settings;
        this.now = now;
    }

    /** A periodic snapshot: the sessions go on. */
    void snapshot() {
        long at = now.getAsLong();
        StoredState state = router.fenced(() -> new StoredState(at, sessions(at, null), retainedMessages()));
        write(state, false);
    }

    /**
     * At stop: ends every session, behind the fence, after taking what the store keeps of it, and
     * writes that as the final state.
     *
     * @return the outboxes of the sessions that were connected, to close
     */
    List<Outbox> saveAndEnd() {
        long at = now.getAsLong();
        List<Outbox> connected = new ArrayList<>();
        StoredState state = router.fenced(() -> {
            router.close(); // a publish after this state would be confirmed, then lost
            return new StoredState(at, sessions(at, connected), retainedMessages());
        });
        write(state, true);
        return connected;
    }

    /** Fenced: the sessions that outlive their connection; with {@code ending}, ends every session and collects its outbox. */
    private List<StoredSession> sessions(long at, List<Outbox> ending) {
        List<StoredSession> kept = new ArrayList<>();
        for (Session session : registry.all()) {
            if (session.isEnded()) {
                continue;
            }
            if (session.outlivesConnection()) {
                kept.add(new StoredSession(session.snapshot(at), session.awaySince(at)));
            }
            if (ending != null) {
                Session.Ending ended = session.end();
                if (ended != null && ended.outbox() != null) {
                    ending.add(ended.outbox());
                }
            }
        }
        return kept;
    }

    private List<RetainedMessage> retainedMessages() {
        List<RetainedMessage> all = new ArrayList<>();
        String after = null;
        for (;;) {
            List<RetainedMessage> page = retained.get().page(after, PAGE);
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
            after = page.get(page.size() - 1).group();
        }
    }

    private void write(StoredState state, boolean last) {
        long started = System.nanoTime();
        try {
            long bytes = file.write(state, last);
            if (bytes > 0) {
                long micros = (System.nanoTime() - started) / 1000;
                // A stop's save is worth a line; a periodic snapshot every few seconds is not, by default.
                SERVER_LOG.log(last ? Level.INFO : Level.FINE, () -> "Watchbox store: " + state.sessions().size() + " sessions, "
                        + state.retained().size() + " retained messages, " + bytes + " bytes written to "
                        + file.path() + " in " + micros + " µs");
            }
        } catch (IOException | RuntimeException e) {
            ERROR_LOG.warning(() -> "Watchbox store " + file.path() + " could not be written: " + e);
        }
    }

    /**
     * At start-up, before any client: puts back the sessions and retained messages of the store
     * file. A session whose client has been away longer than its timeout (or MQTT session expiry),
     * the downtime included, is not restored: it ended while the server was down.
     */
    void restore() {
        file.read().ifPresent(state -> {
            Settings limits = settings.get();
            long at = now.getAsLong();
            int restored = 0;
            int expired = 0;
            for (StoredSession stored : state.sessions()) {
                Session session = registry.restore(stored.snapshot(), stored.awaySince(), limits.listlimit(),
                        limits.maxqueuedbytes());
                if (session == null) {
                    ERROR_LOG.warning(() -> "Watchbox store: session " + stored.snapshot().uid()
                            + " not restored (maxclients reached)");
                    continue;
                }
                if (session.isExpired(at, limits.timeoutMillis())) {
                    // Never seen by anyone: it ended while the server was down, without an event.
                    session.end();
                    registry.remove(session);
                    expired++;
                    CLIENT_LOG.info(() -> "session " + stored.snapshot().uid() + " expired while the server was down");
                    continue;
                }
                for (String filter : stored.snapshot().groups()) {
                    index.subscribe(filter, session);
                }
                restored++;
            }
            RetainedLimits retainedLimits = new RetainedLimits(limits.retainedmaxcount(), limits.retainedmaxbytes());
            int retainedCount = 0;
            for (RetainedMessage message : state.retained()) {
                Retention retention = retained.get().retain(message, retainedLimits);
                if (retention.refused()) {
                    ERROR_LOG.warning(() -> "Watchbox store: retained message of " + message.group() + " not restored: "
                            + retention.reason(retainedLimits));
                } else {
                    retainedCount++;
                }
            }
            int sessions = restored;
            int gone = expired;
            int kept = retainedCount;
            SERVER_LOG.info(() -> "Watchbox store " + file.path() + ": restored " + sessions + " sessions ("
                    + gone + " expired while the server was down) and " + kept + " retained messages");
        });
    }
}

package io.watchbox.internal.core;

import io.watchbox.GroupFilter;
import io.watchbox.Settings;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.core.relay.ClusterRelay;
import io.watchbox.internal.core.relay.SessionMirror;
import io.watchbox.internal.core.relay.SessionMirror.Contents;
import io.watchbox.internal.core.relay.SessionMirror.Description;
import io.watchbox.internal.core.relay.SessionMirror.Kept;
import io.watchbox.internal.core.relay.SessionMirror.Orphan;
import io.watchbox.internal.core.relay.SessionMirror.Replayed;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.mqtt.session.MqttSessionState;
import io.watchbox.internal.mqtt.session.MqttSnapshot;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.routing.SharedSubscription;
import io.watchbox.internal.routing.SubscriptionIndex;
import io.watchbox.internal.session.NotOwnerException;
import io.watchbox.internal.session.Outbox;
import io.watchbox.internal.session.Session;
import io.watchbox.internal.session.SessionRegistry;
import io.watchbox.internal.session.SessionSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A session whose replica crashed, adopted from the mirror ({@link SessionMirror}) by the replica
 * its client reaches: its description, its kept messages as they were written (the client saw none
 * that was not), then what it matched of the messages published since, read back from each
 * replica's published messages past where the session's copy stands for that replica, then, as a
 * move does ({@link SessionMoves}), what was caught here while all that was read. Each message is
 * known by its replica's number, so none comes twice.
 *
 * <p>Where the copy stands for a replica is the highest of: its last published message when the
 * session's description was written (the session is due none before), the mark the dead replica
 * left (every message of it up to there had been queued and written), and the last message of it
 * among the kept ones.
 */
final class SessionAdoption {

    private static final Logger CLIENT_LOG = LoggingLevel.client();
    private static final Logger ERROR_LOG = LoggingLevel.error();

    private final Router router;
    private final SessionRegistry registry;
    private final SubscriptionIndex<Session> index;
    private final Supplier<Settings> settings;
    private final LongSupplier now;
    private final MqttMirrorMarks mqttMirror;
    private final SecureRandom random = new SecureRandom();

    SessionAdoption(Router router, SessionRegistry registry, SubscriptionIndex<Session> index,
                    Supplier<Settings> settings, LongSupplier now, MqttMirrorMarks mqttMirror) {
        this.router = router;
        this.registry = registry;
        this.index = index;
        this.settings = settings;
        this.now = now;
        this.mqttMirror = mqttMirror;
    }

    /**
     * Adopts the session of {@code uid} if its holder died and the mirror has it, and attaches the
     * connection to it.
     *
     * @return empty when there is nothing to adopt, or another replica adopts it at the same moment
     * @throws NotOwnerException when neither the key nor the user is the session's own; nothing is changed
     */
    Optional<SessionRegistry.Attachment> adopt(String uid, Long since, String resumeKey, WatchboxIdentity identity,
                                               Outbox outbox) throws NotOwnerException {
        SessionMirror mirror = router.mirror();
        Optional<Orphan> found = mirror.orphan(uid);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Orphan orphan = found.get();
        Description description = orphan.session();
        boolean keyFits = resumeKey != null && MessageDigest.isEqual(
                SessionMirror.hash(resumeKey).getBytes(StandardCharsets.US_ASCII),
                description.keyHash().getBytes(StandardCharsets.US_ASCII));
        boolean ownerFits = identity != null && description.owner() != null && description.owner().equals(identity.user());
        if (!keyFits && !ownerFits) {
            throw new NotOwnerException(uid);
        }
        if (since != null && since == Session.AFTER_LAST_TAKEN && description.mqtt() == null) {
            // An MQTT client continuing a session copied without MQTT state (by the version before
            // this one): without its subscriptions' options it would be sent nothing, so it starts
            // anew and is told so (session present 0), rather than resume a session that cannot deliver.
            ERROR_LOG.warning(() -> "Watchbox cluster: session " + uid + " of crashed replica " + orphan.holder()
                    + " was copied without MQTT state (an older version); its MQTT client starts anew");
            return Optional.empty();
        }
        if (!mirror.claim(uid, orphan.holder())) {
            return Optional.empty();
        }
        ClusterRelay relay = router.relay();
        Broker.awaitHeard(relay.listenToEverything(), "#");
        SessionRegistry.Attachment attachment;
        List<CompletableFuture<?>> heard = new ArrayList<>();
        try {
            MessageCatcher catcher = new MessageCatcher();
            router.fenced(() -> {
                router.startCatching(catcher);
                return null;
            });
            String key = keyFits ? resumeKey : newKey();
            Contents contents;
            List<Kept> kept;
            Map<String, Long> standing;
            Map<String, List<Replayed>> published = new LinkedHashMap<>();
            try {
                contents = mirror.contents(uid, orphan.holder());
                kept = contiguous(contents.kept());
                standing = standing(orphan, contents, kept);
                Set<String> origins = new HashSet<>(standing.keySet());
                origins.addAll(relay.others());
                origins.add(relay.replicaId());
                for (String origin : new TreeSet<>(origins)) {
                    published.put(origin, mirror.publishedAfter(origin, standing.getOrDefault(origin, 0L)));
                }
            } catch (IllegalStateException unread) {
                router.fenced(() -> {
                    router.stopCatching(catcher);
                    return null;
                });
                ERROR_LOG.warning(() -> "Watchbox cluster: session " + uid + " of crashed replica " + orphan.holder()
                        + " could not be read from Redis (" + unread.getMessage() + "); starting it anew here");
                return Optional.empty();
            }
            attachment = router.fenced(() -> {
                router.stopCatching(catcher);
                return restore(description, key, kept, AdoptedMqttState.of(description, contents.mqtt(), contents.kept()),
                        standing, published, catcher, since, identity, outbox, heard);
            });
        } finally {
            relay.unlistenToEverything();
        }
        if (attachment == null) {
            ERROR_LOG.warning(() -> "Watchbox cluster: session " + uid + " of crashed replica " + orphan.holder()
                    + " could not be kept here (server full, or the uid started here meanwhile)");
            return Optional.empty();
        }
        Broker.awaitHeard(CompletableFuture.allOf(heard.toArray(CompletableFuture[]::new)),
                String.join(", ", description.groups()));
        relay.held(uid);
        Session session = attachment.session();
        mirror.described(describe(session));
        // Written over the dead replica's copy (its messages in flight whole): sends start once the hello is answered.
        mqttMirror.whole(session);
        CLIENT_LOG.info(() -> "client " + uid + " adopted here from crashed replica " + orphan.holder());
        return Optional.of(attachment);
    }

    /** What the mirror keeps of a session apart from its messages. */
    static Description describe(Session session) {
        MqttSessionState mqtt = session.mqttIfAny();
        return new Description(session.uid(), SessionMirror.hash(session.resumeKey()), session.owner(),
                Set.copyOf(session.groups()), session.outlivesConnectionBy(Session.TIMEOUT_SETTING),
                mqtt == null ? null : mqtt.subscriptions().entries());
    }

    /**
     * The kept messages by seq, once each, from the newest back to the first hole: copies written
     * by two replicas around a move may interleave, and the oldest go as the copy is trimmed.
     */
    private static List<Kept> contiguous(List<Kept> written) {
        TreeMap<Long, Kept> bySeq = new TreeMap<>();
        written.forEach(kept -> bySeq.put(kept.seq(), kept));
        List<Kept> kept = new ArrayList<>();
        long expected = bySeq.isEmpty() ? 0 : bySeq.lastKey();
        for (Kept one : bySeq.descendingMap().values()) {
            if (one.seq() != expected) {
                break;
            }
            kept.add(0, one);
            expected--;
        }
        return kept;
    }

    /** Per replica, the number of its last message the session's copy accounts for. */
    private static Map<String, Long> standing(Orphan orphan, Contents contents, List<Kept> kept) {
        Map<String, Long> standing = new HashMap<>(orphan.heads());
        contents.marks().forEach((origin, mark) -> standing.merge(origin, mark, Math::max));
        for (Kept one : kept) {
            if (one.id() != null) {
                standing.merge(one.id().origin(), one.id().seq(), Math::max);
            }
        }
        return standing;
    }

    /** Fenced: adds the session with its kept messages, then what it matched of the replayed and caught ones. */
    private SessionRegistry.Attachment restore(Description description, String key, List<Kept> kept, MqttSnapshot mqtt,
                                               Map<String, Long> standing, Map<String, List<Replayed>> published,
                                               MessageCatcher catcher, Long since, WatchboxIdentity identity,
                                               Outbox outbox, List<CompletableFuture<?>> heard) {
        Settings limits = settings.get();
        long lastSeq = kept.isEmpty() ? 0 : kept.get(kept.size() - 1).seq();
        SessionSnapshot snapshot = new SessionSnapshot(description.uid(), key, description.owner(), description.groups(),
                lastSeq, kept.stream().map(Kept::message).toList(), description.expiryMillis(), mqtt);
        Map<String, Long> had = new HashMap<>(standing);
        published.forEach((origin, messages) -> {
            if (!messages.isEmpty()) {
                had.merge(origin, messages.get(messages.size() - 1).id().seq(), Math::max);
            }
        });
        SessionRegistry.Attachment attachment = registry.adopt(snapshot, had, since, identity, outbox, now.getAsLong(),
                limits.listlimit(), limits.maxqueuedbytes());
        if (attachment == null) {
            return null;
        }
        Session session = attachment.session();
        for (String filter : description.groups()) {
            index.subscribe(filter, session);
            heard.add(router.relay().listen(SharedSubscription.routed(filter)));
        }
        for (List<Replayed> messages : published.values()) {
            for (Replayed message : messages) {
                if (matches(description.groups(), message.group())) {
                    EncodedMessage encoded = router.encode(message.group(), message.payload(), message.from(),
                            EncodedMessage.Retain.NONE, message.qos(), message.properties());
                    session.enqueue(encoded, message.id().origin(), message.id().seq(), limits.listlimit(),
                            limits.maxqueuedbytes());
                }
            }
        }
        for (MessageCatcher.Caught caught : catcher.all()) {
            boolean hadIt = caught.id() != null && session.hadBeforeMove(caught.id().origin(), caught.id().seq());
            if (!hadIt && matches(description.groups(), caught.group())) {
                session.enqueue(caught.message(), caught.id() == null ? null : caught.id().origin(),
                        caught.id() == null ? 0 : caught.id().seq(), limits.listlimit(), limits.maxqueuedbytes());
            }
        }
        return attachment;
    }

    /** Whether an ordinary filter of the session matches the group (a share's messages go to one member, by claim: not replayed). */
    private static boolean matches(Set<String> filters, String group) {
        for (String filter : filters) {
            if (!SharedSubscription.isShared(filter) && GroupFilter.matches(filter, group)) {
                return true;
            }
        }
        return false;
    }

    private String newKey() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

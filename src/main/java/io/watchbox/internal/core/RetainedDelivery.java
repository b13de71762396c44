package io.watchbox.internal.core;

import io.watchbox.Settings;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.FrameEncoder;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.retained.LocalRetainedMessages;
import io.watchbox.internal.retained.RetainedLimits;
import io.watchbox.internal.retained.RetainedMessage;
import io.watchbox.internal.retained.RetainedMessages;
import io.watchbox.internal.retained.Retention;
import io.watchbox.internal.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The broker's side of retained messages, the same for every protocol: keeps a retained publish in
 * the store (or refuses it, before it is published, when the store is full), with its MQTT QoS and
 * 5.0 properties, and hands a new subscription the retained messages its filter matches, marked as
 * such, at that QoS and with those properties. One whose Message Expiry Interval ran out while it
 * was retained is not handed out but dropped from the store (MQTT 5.0, 3.3.2.3.3).
 */
final class RetainedDelivery {

    private final FrameEncoder encoder;
    private final Supplier<Settings> settings;
    private final Counters counters;
    private final LongSupplier millis;
    private volatile RetainedMessages store = new LocalRetainedMessages();

    RetainedDelivery(FrameEncoder encoder, Supplier<Settings> settings, Counters counters, LongSupplier millis) {
        this.encoder = encoder;
        this.settings = settings;
        this.counters = counters;
        this.millis = millis;
    }

    /** Cluster mode: from now on the retained messages live here (in Redis). Set once at start-up. */
    void storeIn(RetainedMessages shared) {
        store = shared;
    }

    RetainedMessages store() {
        return store;
    }

    /**
     * Keeps the message as its group's retained one (an empty one clears the group).
     *
     * @throws RetainedFullException when the store's limits refuse it; the store is unchanged
     */
    void keep(String group, Payload payload, String from, int qos, MessageProperties properties)
            throws RetainedFullException {
        Settings now = settings.get();
        RetainedLimits limits = new RetainedLimits(now.retainedmaxcount(), now.retainedmaxbytes());
        Retention retention = store.retain(new RetainedMessage(group, payload, from, millis.getAsLong(), qos, properties),
                limits);
        if (retention.refused()) {
            throw new RetainedFullException(retention.reason(limits));
        }
    }

    /**
     * The retained messages a subscription to the filter receives, encoded as sent because of it.
     * Looked up on the subscriber's thread (it may ask Redis), queued later by {@link #queue}.
     */
    List<EncodedMessage> matching(String filter) {
        long ticks = counters.sends.now();
        long now = millis.getAsLong();
        List<EncodedMessage> found = new ArrayList<>();
        for (RetainedMessage m : store.matching(filter)) {
            if (m.expired(now)) {
                store.drop(m);
                continue;
            }
            found.add(encoder.message(m.group(), m.payload(), m.from(), ticks, EncodedMessage.Retain.STORED, m.properties())
                    .withQos(m.qos()));
        }
        return found;
    }

    /** Queues retained messages for the session, within its bounds like any other message. */
    void queue(Session session, List<EncodedMessage> retained) {
        Settings now = settings.get();
        int queued = 0;
        for (EncodedMessage message : retained) {
            if (session.enqueue(message, now.listlimit(), now.maxqueuedbytes())) {
                queued++;
            }
        }
        counters.delivered.add(queued);
    }
}

package io.watchbox.internal.mqtt;

import io.watchbox.GroupFilter;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.routing.SharedSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One MQTT connection's subscriptions with what each was granted and asked for: the QoS, No Local,
 * Retain As Published and the subscription identifier. The session's routing finds that a message
 * is for this connection; this table says how it is delivered, asked once per message. Written on
 * the container's thread (SUBSCRIBE, UNSUBSCRIBE), read on the outbox's sending thread.
 */
public final class SubscriptionTable {

    /** What one subscription was granted: the QoS, its options, and its identifier (0: none). */
    public record Entry(int qos, boolean noLocal, boolean retainAsPublished, int identifier) {

        /** What a SUBSCRIBE asked for one filter, with the QoS granted and the packet's identifier (0: none). */
        public static Entry granted(Packet.Subscription asked, int qos, int identifier) {
            return new Entry(qos, asked.noLocal(), asked.retainAsPublished(), identifier);
        }
    }

    /**
     * How a message is delivered: the highest QoS of the matching subscriptions (MQTT-3.3.4-2 allows
     * one PUBLISH for overlapping subscriptions), the identifiers of all of them, sorted, and whether
     * one of them keeps the RETAIN flag as published.
     */
    public record Delivery(int qos, List<Integer> identifiers, boolean retainAsPublished) {

        /** The RETAIN flag of the delivered PUBLISH, for a message published with {@code retained}. */
        public boolean retain(boolean retained) {
            return retained && retainAsPublished;
        }

        /** The PUBLISH's Subscription Identifier properties added to the message's own. */
        public Properties properties(Properties.Builder properties) {
            identifiers.forEach(properties::subscriptionIdentifier);
            return properties.build();
        }
    }

    /** A subscription as delivery reads it: the filter that routing matches, and what was granted. */
    private record Routed(String filter, Entry entry) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /**
     * The same subscriptions for {@link #delivery}, which runs for every message the connection is
     * sent: an array is read far faster than a concurrent map is iterated, and subscriptions change
     * seldom. Replaced whole under this table's lock.
     */
    private volatile Routed[] routed = new Routed[0];

    /** The Subscription Identifier of a SUBSCRIBE, which applies to each of its filters; 0 when it has none. */
    public static int identifierOf(Packet.Subscribe subscribe) {
        return subscribe.properties().subscriptionIdentifiers().stream().findFirst().orElse(0);
    }

    /** Adds or replaces (MQTT-3.8.4-3) the subscription to a filter. */
    public synchronized void put(String filter, Entry entry) {
        entries.put(filter, entry);
        route();
    }

    /** Every subscription's options, by filter: what moves with the session to another replica. */
    public Map<String, Entry> entries() {
        return Map.copyOf(entries);
    }

    public synchronized void remove(String filter) {
        entries.remove(filter);
        route();
    }

    private void route() {
        routed = entries.entrySet().stream()
                .map(e -> new Routed(SharedSubscription.routed(e.getKey()), e.getValue()))
                .toArray(Routed[]::new);
    }

    /**
     * How this connection delivers a message published to a group, or null when it does not: no
     * subscription matches any longer, or every matching one is No Local and the message is the
     * connection's own.
     *
     * @param publisher the uid of the session that published it, null for one the server published
     * @param self      this connection's session uid
     */
    public Delivery delivery(String group, String publisher, String self) {
        boolean own = publisher != null && publisher.equals(self);
        int qos = -1;
        boolean retainAsPublished = false;
        List<Integer> identifiers = null; // most subscriptions have none
        for (Routed subscription : routed) {
            Entry entry = subscription.entry();
            if ((own && entry.noLocal()) || !GroupFilter.matches(subscription.filter(), group)) {
                continue;
            }
            qos = Math.max(qos, entry.qos());
            retainAsPublished |= entry.retainAsPublished();
            if (entry.identifier() != 0) {
                if (identifiers == null) {
                    identifiers = new ArrayList<>(1);
                }
                if (!identifiers.contains(entry.identifier())) {
                    identifiers.add(entry.identifier());
                }
            }
        }
        if (qos < 0) {
            return null;
        }
        if (identifiers == null) {
            return new Delivery(qos, List.of(), retainAsPublished);
        }
        identifiers.sort(null);
        return new Delivery(qos, List.copyOf(identifiers), retainAsPublished);
    }
}

package io.watchbox.internal.core;

import io.watchbox.GroupFilter;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.protocol.EncodedMessage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What MQTT's subscription options say about retained messages for one connection: whether a
 * SUBSCRIBE is sent the retained messages (retain handling 0: always, 1: only for a new
 * subscription, 2: never), and which PUBLISH carries the RETAIN flag (a retained message sent
 * because of a subscription always; a live one only to a 5.0 subscription with retain as published).
 * Changed on the connection's thread, read by its sending thread too.
 */
final class MqttRetained {

    private final Set<String> retainAsPublished = ConcurrentHashMap.newKeySet();

    /** Whether a granted subscription is sent the retained messages; {@code existed}: the session had it before. */
    static boolean sendsRetained(Packet.Subscription subscription, boolean existed) {
        return switch (subscription.retainHandling()) {
            case 0 -> true;
            case 1 -> !existed;
            default -> false;
        };
    }

    /** A subscription was granted (or replaced): remembers its retain-as-published option. */
    void subscribed(Packet.Subscription subscription) {
        if (subscription.retainAsPublished()) {
            retainAsPublished.add(subscription.filter());
        } else {
            retainAsPublished.remove(subscription.filter());
        }
    }

    void unsubscribed(String filter) {
        retainAsPublished.remove(filter);
    }

    /** The RETAIN flag of the PUBLISH that carries this message to this connection. */
    boolean flag(EncodedMessage message) {
        return switch (message.retain()) {
            case STORED -> true;
            case PUBLISHED -> retainAsPublished.stream().anyMatch(filter -> GroupFilter.matches(filter, message.group()));
            case NONE -> false;
        };
    }
}

package io.watchbox.internal.core;

import io.watchbox.internal.mqtt.SubscriptionTable;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.protocol.EncodedMessage;

/**
 * What MQTT's subscription options say about retained messages: whether a SUBSCRIBE is sent the
 * retained messages (retain handling 0: always, 1: only for a new subscription, 2: never), and which
 * PUBLISH carries the RETAIN flag (a retained message sent because of a subscription always; a live
 * one only to a 5.0 subscription with retain as published).
 */
final class MqttRetained {

    private MqttRetained() {
    }

    /** Whether a granted subscription is sent the retained messages; {@code existed}: the session had it before. */
    static boolean sendsRetained(Packet.Subscription subscription, boolean existed) {
        return switch (subscription.retainHandling()) {
            case 0 -> true;
            case 1 -> !existed;
            default -> false;
        };
    }

    /** The RETAIN flag of the PUBLISH that carries this message, to subscriptions that asked this. */
    static boolean flag(EncodedMessage message, SubscriptionTable.Delivery delivery) {
        return switch (message.retain()) {
            case STORED -> true;
            case PUBLISHED -> delivery.retain(true);
            case NONE -> false;
        };
    }
}

package io.watchbox.internal.mqtt.session;

import io.watchbox.internal.mqtt.SubscriptionTable;

/**
 * What an MQTT session keeps beside its Watchbox session's subscriptions and queue, across its
 * client's connections: its subscriptions' options (QoS granted, No Local, Retain As Published, identifier) per filter, the messages in flight to the client and the
 * QoS 2 messages received from it that await PUBREL.
 */
public final class MqttSessionState {

    private final SubscriptionTable subscriptions = new SubscriptionTable();
    private final OutboundWindow outbound = new OutboundWindow();
    private final ExactlyOnceReceipts inbound = new ExactlyOnceReceipts();

    public SubscriptionTable subscriptions() {
        return subscriptions;
    }

    public OutboundWindow outbound() {
        return outbound;
    }

    public ExactlyOnceReceipts inbound() {
        return inbound;
    }
}

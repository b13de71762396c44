package io.watchbox.internal.mqtt.session;

/**
 * What an MQTT session keeps beside its Watchbox session's subscriptions and queue, across its
 * client's connections: the QoS granted per filter, the messages in flight to the client and the
 * QoS 2 messages received from it that await PUBREL.
 */
public final class MqttSessionState {

    private final GrantedQos granted = new GrantedQos();
    private final OutboundWindow outbound = new OutboundWindow();
    private final ExactlyOnceReceipts inbound = new ExactlyOnceReceipts();

    public GrantedQos granted() {
        return granted;
    }

    public OutboundWindow outbound() {
        return outbound;
    }

    public ExactlyOnceReceipts inbound() {
        return inbound;
    }
}

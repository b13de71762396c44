package io.watchbox.internal.mqtt.session;

import io.watchbox.internal.mqtt.AliasHistory;
import io.watchbox.internal.mqtt.SubscriptionTable;
import java.util.Map;

/**
 * What an MQTT session keeps beside its Watchbox session's subscriptions and queue, across its
 * client's connections: its subscriptions' options (QoS granted, No Local, Retain As Published, identifier) per filter, the messages in flight to the client and the
 * QoS 2 messages received from it that await PUBREL.
 */
public final class MqttSessionState {

    private final SubscriptionTable subscriptions = new SubscriptionTable();
    private final OutboundWindow outbound = new OutboundWindow();
    private final ExactlyOnceReceipts inbound = new ExactlyOnceReceipts();
    /** Not moved with the session to another replica. */
    private final AliasHistory aliasHistory = new AliasHistory();

    public SubscriptionTable subscriptions() {
        return subscriptions;
    }

    public OutboundWindow outbound() {
        return outbound;
    }

    public ExactlyOnceReceipts inbound() {
        return inbound;
    }

    /** The topics the client's aliases stood for on its connections so far (see {@code TopicAliases}). */
    public AliasHistory aliasHistory() {
        return aliasHistory;
    }

    /** What this state is made of, for its session's move to another replica. */
    public MqttSnapshot snapshot() {
        return new MqttSnapshot(subscriptions.entries(), outbound.unacknowledged(), outbound.lastTakenSeq(),
                inbound.pending(), outbound.lastPacketId());
    }

    /** The state of a session that moved here, as it was on the replica it came from. */
    public static MqttSessionState restore(MqttSnapshot snapshot) {
        MqttSessionState state = new MqttSessionState();
        for (Map.Entry<String, SubscriptionTable.Entry> subscription : snapshot.subscriptions().entrySet()) {
            state.subscriptions.put(subscription.getKey(), subscription.getValue());
        }
        state.outbound.restore(snapshot.inFlight(), snapshot.lastTakenSeq(), snapshot.lastPacketId());
        snapshot.awaitingRelease().forEach(state.inbound::published);
        return state;
    }
}

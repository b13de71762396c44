package io.watchbox.internal.mqtt.session;

import io.watchbox.internal.mqtt.SubscriptionTable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an MQTT session's state is made of when its session moves to another replica (cluster mode):
 * enough to go on there as if the client had reconnected here.
 *
 * @param subscriptions    the options of each subscription, by filter
 * @param inFlight         the messages sent and not acknowledged, in the order they were first sent
 * @param lastTakenSeq     the seq of the last message taken from the session's queue for its client
 * @param awaitingRelease  the packet identifiers of QoS 2 messages received and awaiting PUBREL
 */
public record MqttSnapshot(Map<String, SubscriptionTable.Entry> subscriptions, List<InFlight> inFlight,
                           long lastTakenSeq, Set<Integer> awaitingRelease) {

    public MqttSnapshot {
        subscriptions = Map.copyOf(subscriptions);
        inFlight = List.copyOf(inFlight);
        awaitingRelease = Set.copyOf(awaitingRelease);
    }
}

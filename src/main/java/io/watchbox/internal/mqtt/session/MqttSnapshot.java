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
 * @param lastPacketId     the packet identifier given last (0: none), after which the next is given
 */
public record MqttSnapshot(Map<String, SubscriptionTable.Entry> subscriptions, List<InFlight> inFlight,
                           long lastTakenSeq, Set<Integer> awaitingRelease, int lastPacketId) {

    public MqttSnapshot {
        subscriptions = Map.copyOf(subscriptions);
        inFlight = List.copyOf(inFlight);
        awaitingRelease = Set.copyOf(awaitingRelease);
    }

    /** A state whose next packet identifier follows that of the last message in flight (a move does not carry it). */
    public MqttSnapshot(Map<String, SubscriptionTable.Entry> subscriptions, List<InFlight> inFlight, long lastTakenSeq,
                        Set<Integer> awaitingRelease) {
        this(subscriptions, inFlight, lastTakenSeq, awaitingRelease,
                inFlight.isEmpty() ? 0 : inFlight.get(inFlight.size() - 1).packetId());
    }
}

package io.watchbox.internal.core;

import io.watchbox.internal.core.relay.MqttCopy;
import io.watchbox.internal.core.relay.SessionMirror.Description;
import io.watchbox.internal.core.relay.SessionMirror.Kept;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.mqtt.SubscriptionTable;
import io.watchbox.internal.mqtt.session.InFlight;
import io.watchbox.internal.mqtt.session.MqttSnapshot;
import io.watchbox.internal.protocol.EncodedMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The MQTT state of a session adopted from the mirror, put together from its description (the
 * options of its subscriptions) and its MQTT copy (messages in flight, by seq among its kept
 * messages, or written whole; where its client stood; receipts awaiting PUBREL).
 */
final class AdoptedMqttState {

    private static final Logger ERROR_LOG = LoggingLevel.error();
    /**
     * What stands for a released message that is no longer kept: only its PUBREL is sent again, which
     * needs its identifier alone.
     */
    static final EncodedMessage RELEASED_UNKEPT = new EncodedMessage("");

    private AdoptedMqttState() {
    }

    /**
     * The state, or null for a session no MQTT client used (or whose copy a version before this
     * wrote: it is adopted as that version adopted it, without MQTT state).
     */
    static MqttSnapshot of(Description description, MqttCopy copy, List<Kept> kept) {
        if (description.mqtt() == null && copy == null) {
            return null;
        }
        Map<String, SubscriptionTable.Entry> subscriptions = new LinkedHashMap<>();
        if (description.mqtt() != null) {
            // The filters are the session's: options of a filter unsubscribed since may have been written before it went.
            description.mqtt().forEach((filter, entry) -> {
                if (description.groups().contains(filter)) {
                    subscriptions.put(filter, entry);
                }
            });
        }
        if (copy == null) {
            return new MqttSnapshot(subscriptions, List.of(), 0, Set.of(), 0);
        }
        Map<Long, EncodedMessage> bySeq = new HashMap<>();
        kept.forEach(one -> bySeq.put(one.seq(), one.message()));
        List<InFlight> inFlight = new ArrayList<>();
        int lost = 0;
        for (MqttCopy.Sent sent : copy.inFlight()) {
            EncodedMessage message = sent.message() != null ? sent.message() : bySeq.get(sent.seq());
            if (message == null && sent.released()) {
                message = RELEASED_UNKEPT;
            }
            if (message == null) {
                lost++;
                continue;
            }
            inFlight.add(new InFlight(sent.packetId(), message, sent.qos(), sent.released()));
        }
        if (lost > 0) {
            int count = lost;
            ERROR_LOG.warning(() -> "Watchbox cluster: " + count + " MQTT messages in flight to client "
                    + description.uid() + " were no longer kept (listlimit) and are not sent again");
        }
        return new MqttSnapshot(subscriptions, inFlight, copy.lastTakenSeq(), copy.awaitingRelease(),
                copy.lastPacketId());
    }
}

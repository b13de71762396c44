package io.watchbox.internal.core;

import io.watchbox.internal.access.LogText;
import io.watchbox.internal.core.relay.MqttMark;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.mqtt.PublishProperties;
import io.watchbox.internal.mqtt.TopicAliases;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.mqtt.session.ExactlyOnceReceipts;
import io.watchbox.internal.protocol.CloseCodes;
import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.routing.BadGroupException;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * The PUBLISH packets one MQTT client sends: checked, handed to the one publish path, acknowledged
 * (QoS 1: PUBACK; QoS 2: PUBREC, then PUBCOMP for the PUBREL). A QoS 2 message is published once:
 * sent again under the same packet id before its PUBREL, it is only acknowledged again.
 */
final class MqttInbound {

    private static final Logger ERROR_LOG = LoggingLevel.error();

    /**
     * The server's Receive Maximum, announced in a 5.0 CONNACK: how many QoS 1 and 2 publishes of a
     * client may await their PUBACK or PUBCOMP at once. A 5.0 client that sends more is disconnected
     * with 0x93.
     */
    static final int RECEIVE_MAXIMUM = 128;

    /** The reason string of an acknowledgement whose message reached this replica's subscribers only. */
    static final String NOT_RELAYED = "not relayed: reached this replica's subscribers only (Redis was out of reach "
            + "past the outage bounds)";

    private final MqttLink link;

    MqttInbound(MqttLink link) {
        this.link = link;
    }

    void publish(Packet.Publish publish) {
        ExactlyOnceReceipts receipts = link.state().inbound();
        if (publish.qos() == 2 && receipts.isPending(publish.packetId())) {
            // Sent again before its PUBREL (after a reconnect, or a lost PUBREC): published once already.
            link.reply(new Packet.Pubrec(publish.packetId(), ReasonCode.SUCCESS, Properties.EMPTY));
            return;
        }
        if (publish.qos() > 0 && link.isV5() && receipts.size() + link.replies.heldBack() >= RECEIVE_MAXIMUM) {
            disconnect(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "more than " + RECEIVE_MAXIMUM + " QoS 1 and 2 publishes unacknowledged");
            return;
        }
        TopicAliases.Resolved resolved = link.topicAliases.resolve(publish);
        if (resolved instanceof TopicAliases.Refused refused) {
            disconnect(refused.reason(), refused.detail());
            return;
        }
        publish = ((TopicAliases.Topic) resolved).publish();
        Payload payload = MqttPayload.received(publish).orElse(null);
        if (payload == null) {
            refuse(publish, ReasonCode.PAYLOAD_FORMAT_INVALID, "the payload format indicator says UTF-8, but it is not");
            return;
        }
        if (!link.broker.allowPublish(link.session())) {
            refuse(publish, ReasonCode.QUOTA_EXCEEDED,
                    "more than " + link.broker.settings().ratelimit() + " publishes per second");
            return;
        }
        Published published;
        try {
            published = link.broker.publishFromClient(link.session(), publish.topic(), payload, publish.retain(), publish.qos(),
                    PublishProperties.received(publish.properties(), link.broker.now()));
        } catch (BadGroupException e) {
            refuse(publish, ReasonCode.TOPIC_NAME_INVALID, e.getMessage());
            return;
        } catch (ForbiddenException e) {
            refuse(publish, ReasonCode.NOT_AUTHORIZED, e.getMessage());
            return;
        } catch (RetainedFullException e) {
            refuse(publish, ReasonCode.QUOTA_EXCEEDED, e.getMessage());
            return;
        } catch (ServerStoppingException e) {
            // No PUBACK or PUBREC: the connection closes a moment later, and the client sends it again.
            return;
        }
        int packetId = publish.packetId();
        if (publish.qos() == 1) {
            link.replies.sendOnceDone(published.relayed(),
                    relayed -> link.encode(new Packet.Puback(packetId, ReasonCode.SUCCESS, relayOutcome(relayed))));
        } else if (publish.qos() == 2) {
            receipts.published(packetId);
            // Once the session's mirror has the receipt too: a client that has the PUBREC does not send
            // the message again as new, and an adopter must not publish it again when it is resent.
            CompletableFuture<Boolean> relayed = published.relayed();
            CompletableFuture<Boolean> ready = link.broker.mqttMirror()
                    .mark(link.session(), new MqttMark.Received(packetId))
                    .thenCombine(relayed.exceptionally(failure -> null), (written, outcome) -> outcome);
            link.replies.sendOnceDone(ready,
                    outcome -> link.encode(new Packet.Pubrec(packetId, ReasonCode.SUCCESS, relayOutcome(outcome))));
        }
    }

    /**
     * A message the relay gave up (cluster mode, Redis out of reach past the outage bounds) was still
     * delivered here, so it is acknowledged with success: a failure code would have the publisher send
     * it again to the subscribers that have it. A 5.0 client that accepts problem information is told
     * in the reason string; 3.1.1 has no way to say it.
     */
    private Properties relayOutcome(Boolean relayed) {
        return Boolean.FALSE.equals(relayed) && link.isV5() ? link.acknowledgementReason(NOT_RELAYED) : Properties.EMPTY;
    }

    private void disconnect(ReasonCode reason, String detail) {
        ERROR_LOG.info(() -> "MQTT client " + link.uid() + ": disconnected with " + reason + ": " + LogText.quote(detail));
        link.disconnect(reason, CloseCodes.PROTOCOL_ERROR, detail);
    }

    /** PUBREL: the client lets go of a QoS 2 message; its packet id may carry a new one from now on. */
    void release(Packet.Pubrel pubrel) {
        boolean known = link.state().inbound().released(pubrel.packetId());
        // Once the session's mirror has let go of the receipt: the client may reuse the identifier for a
        // new message after PUBCOMP, which an adopter holding the old receipt would take for a copy.
        link.acknowledgeOnceMarked(known, new Packet.Pubcomp(pubrel.packetId(), link.identifierReason(known), Properties.EMPTY),
                new MqttMark.Freed(pubrel.packetId()));
    }

    /**
     * A publish that is not delivered: 5.0 answers a QoS 1 or 2 publish with the reason; a QoS 0 one has
     * no answer and is only logged. 3.1.1 has no negative acknowledgement, so the connection closes.
     */
    private void refuse(Packet.Publish publish, ReasonCode reason, String detail) {
        ERROR_LOG.info(() -> "MQTT client " + link.uid() + ": publish to " + LogText.quote(publish.topic()) + " refused: "
                + LogText.quote(detail));
        if (!link.isV5()) {
            link.outbox.close(CloseCodes.PROTOCOL_ERROR, MqttLink.closeReason("publish refused: " + detail));
        } else if (publish.qos() == 1) {
            link.reply(new Packet.Puback(publish.packetId(), reason, link.acknowledgementReason(detail)));
        } else if (publish.qos() == 2) {
            link.reply(new Packet.Pubrec(publish.packetId(), reason, link.acknowledgementReason(detail)));
        }
    }
}

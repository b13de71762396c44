package io.watchbox.internal.core;

import io.watchbox.internal.access.LogText;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.mqtt.SubscriptionTable;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.routing.BadGroupException;
import io.watchbox.internal.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * SUBSCRIBE and UNSUBSCRIBE of one MQTT connection: the session's filters, with what was granted and
 * asked for each; a SUBSCRIBE is followed by the retained messages its retain handling asks for.
 */
final class MqttSubscriptions {

    private static final Logger ERROR_LOG = LoggingLevel.error();
    /** The QoS this broker grants at most. */
    static final int MAX_QOS = 2;

    private final MqttLink link;

    MqttSubscriptions(MqttLink link) {
        this.link = link;
    }

    void subscribe(Packet.Subscribe subscribe) {
        List<ReasonCode> reasons = new ArrayList<>();
        List<EncodedMessage> retained = new ArrayList<>();
        for (Packet.Subscription subscription : subscribe.subscriptions()) {
            boolean existed = link.session().groups().contains(subscription.filter());
            ReasonCode reason = subscribeTo(subscription, SubscriptionTable.identifierOf(subscribe));
            reasons.add(reason);
            if (!reason.isError() && MqttRetained.sendsRetained(subscription, existed)) {
                retained.addAll(link.broker.retainedFor(subscription.filter()));
            }
        }
        // The options go to the session's mirror with its filters (each filter's subscribe wrote those before its options).
        link.broker.describeToMirror(link.session());
        link.reply(new Packet.Suback(subscribe.packetId(), reasons, Properties.EMPTY));
        Session subscriber = link.session();
        link.replies.afterSent(() -> link.broker.queueRetained(subscriber, retained));
    }

    void unsubscribe(Packet.Unsubscribe unsubscribe) {
        List<ReasonCode> reasons = new ArrayList<>();
        for (String filter : unsubscribe.filters()) {
            boolean had = link.session().groups().contains(filter);
            link.broker.unsubscribe(link.session(), filter);
            link.state().subscriptions().remove(filter);
            reasons.add(had ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED);
        }
        link.reply(new Packet.Unsuback(unsubscribe.packetId(), reasons, Properties.EMPTY));
    }

    private ReasonCode subscribeTo(Packet.Subscription subscription, int identifier) {
        String filter = subscription.filter();
        int qos = Math.min(subscription.maxQos(), MAX_QOS);
        try {
            link.broker.subscribe(link.session(), filter);
            link.state().subscriptions().put(filter, SubscriptionTable.Entry.granted(subscription, qos, identifier));
            return ReasonCode.granted(qos);
        } catch (BadGroupException e) {
            return refused(filter, ReasonCode.TOPIC_FILTER_INVALID, e.getMessage());
        } catch (ForbiddenException e) {
            return refused(filter, ReasonCode.NOT_AUTHORIZED, e.getMessage());
        }
    }

    /** A filter's refusal: 5.0 says why; 3.1.1 has only 0x80. */
    private ReasonCode refused(String filter, ReasonCode reason, String detail) {
        ERROR_LOG.info(() -> "MQTT client " + link.uid() + ": subscription to " + LogText.quote(filter) + " refused: "
                + LogText.quote(detail));
        return link.isV5() ? reason : ReasonCode.UNSPECIFIED_ERROR;
    }
}

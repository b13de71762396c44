package io.watchbox.internal.core;

import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.session.MessageFraming;
import java.nio.charset.StandardCharsets;

/** What one MQTT connection is sent of its session's messages: each queued message as a PUBLISH. */
final class MqttDelivery implements MessageFraming {

    /** Set once the CONNECT is accepted, before the outbox pulls the first message. */
    private volatile MqttLink link;
    private volatile MqttSubscriptions subscriptions;

    void start(MqttLink connected, MqttSubscriptions granted) {
        subscriptions = granted;
        link = connected;
    }

    /**
     * A queued message as this connection's PUBLISH. The packet id comes from the session's seq: ids
     * are reused only after 65,535 later messages.
     */
    @Override
    public String frame(EncodedMessage message, long seq) {
        String group = message.group();
        int qos = subscriptions.qosFor(group);
        int packetId = qos == 0 ? 0 : (int) ((seq - 1) % 0xFFFF) + 1;
        Packet.Publish publish = new Packet.Publish(group, Bytes.adopt(message.msg().getBytes(StandardCharsets.UTF_8)),
                qos, false, false, packetId, Properties.EMPTY);
        return link.encode(publish);
    }

    /** The client has a message it was sent at QoS 1: nothing is kept to resend (clean sessions). */
    void acknowledged(Packet.Puback puback) {
    }
}

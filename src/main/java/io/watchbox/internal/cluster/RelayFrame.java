package io.watchbox.internal.cluster;

import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;

/**
 * One published message on its way between replicas.
 *
 * @param origin     the publishing replica's id
 * @param seq        the publishing replica's running number of relayed messages, from 1, in publish order
 * @param groupSeq   the publishing replica's running number of the messages it relayed to this group,
 *                   from 1: a receiver gets only the groups it listens to, so holes show per group
 * @param group      the group it was published to, already checked
 * @param from       the publishing client's uid, or null for the server
 * @param payload    the message, byte for byte
 * @param properties what an MQTT 5.0 publisher sent with it, {@link MessageProperties#EMPTY} for most messages
 * @param qos        the MQTT QoS it was published with, 0 to 2; {@link EncodedMessage#DEFAULT_QOS} for a message
 *                   from a JSON client, REST or the application
 */
public record RelayFrame(String origin, long seq, long groupSeq, String group, String from, Payload payload,
                         MessageProperties properties, int qos) {

    public RelayFrame {
        if (properties == null) {
            properties = MessageProperties.EMPTY;
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS " + qos);
        }
    }

    public RelayFrame(String origin, long seq, long groupSeq, String group, String from, Payload payload,
                      MessageProperties properties) {
        this(origin, seq, groupSeq, group, from, payload, properties, EncodedMessage.DEFAULT_QOS);
    }

    public RelayFrame(String origin, long seq, long groupSeq, String group, String from, Payload payload) {
        this(origin, seq, groupSeq, group, from, payload, MessageProperties.EMPTY);
    }
}

package io.watchbox.internal.core.relay;

import io.watchbox.internal.mqtt.session.MqttSnapshot;

/**
 * A change of an MQTT session's state, as its mirror copies it ({@link SessionMirror#mqtt}): small
 * marks written in the same batches as the kept messages, so that an adopter goes on with the
 * packet identifiers the client holds. What the marks are made of in Redis: {@link MqttMarkCodec}.
 */
public sealed interface MqttMark {

    /** The message of {@code seq} was taken for the client and sent at QoS 0, or not at all. */
    record Taken(long seq) implements MqttMark {
    }

    /** The message of {@code seq} was sent at QoS 1 or 2 under {@code packetId}. */
    record Sent(long seq, int packetId, int qos) implements MqttMark {
    }

    /** PUBREC for the QoS 2 message under {@code packetId}: only its PUBCOMP is awaited (PUBREL is sent again). */
    record Released(int packetId) implements MqttMark {
    }

    /** The message under {@code packetId} is delivered (PUBACK, PUBCOMP) or refused (PUBREC with an error). */
    record Acknowledged(int packetId) implements MqttMark {
    }

    /** The client's QoS 2 message under {@code packetId} was published: a copy sent again before PUBREL is not. */
    record Received(int packetId) implements MqttMark {
    }

    /** PUBREL for the client's QoS 2 message under {@code packetId}: the identifier may carry a new one. */
    record Freed(int packetId) implements MqttMark {
    }

    /**
     * The whole state written over whatever was there: a session that moved or was adopted here, a
     * clean start, or Redis that restarted empty. Its messages in flight are written whole, as their
     * seqs are not known (a move does not carry them). Its subscriptions go in the session's description.
     */
    record Whole(MqttSnapshot state) implements MqttMark {
    }
}

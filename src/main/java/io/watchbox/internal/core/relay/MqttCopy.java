package io.watchbox.internal.core.relay;

import io.watchbox.internal.protocol.EncodedMessage;
import java.util.List;
import java.util.Set;

/**
 * An MQTT session's state as its mirror has it ({@link MqttMarkCodec#read}): what an adopter needs,
 * beside the session's description and kept messages, to go on where the crashed replica stood.
 *
 * @param inFlight        the messages sent and not acknowledged, in the order they were first sent
 * @param lastTakenSeq    the seq of the last message taken for the client (0: none)
 * @param lastPacketId    the packet identifier given last (0: none)
 * @param awaitingRelease the identifiers of the client's QoS 2 messages published and awaiting PUBREL
 */
public record MqttCopy(List<Sent> inFlight, long lastTakenSeq, int lastPacketId, Set<Integer> awaitingRelease) {

    public MqttCopy {
        inFlight = List.copyOf(inFlight);
        awaitingRelease = Set.copyOf(awaitingRelease);
    }

    /**
     * A message in flight.
     *
     * @param seq     its seq in the session, to be found among the kept messages; -1 when it is written whole
     * @param message the message written whole, or null: it is the kept one of {@code seq}
     */
    public record Sent(int packetId, int qos, boolean released, long seq, EncodedMessage message) {
    }
}

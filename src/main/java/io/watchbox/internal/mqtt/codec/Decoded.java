package io.watchbox.internal.mqtt.codec;

import java.util.List;
import java.util.Optional;

/**
 * What one chunk completed: the packets, in order, and, when the stream broke, why. Packets before
 * the broken one are whole and may be acted on; nothing after it is read.
 */
public record Decoded(List<Packet> packets, Optional<Malformed> malformed) {
    public Decoded {
        packets = List.copyOf(packets);
    }

    static final Decoded NOTHING = new Decoded(List.of(), Optional.empty());
}

package io.watchbox.internal.mqtt.codec;

/** Thrown inside the decoder only, and turned into a {@link Malformed} at its edge; no stack trace, as fuzzed input makes many. */
final class MalformedPacket extends Exception {

    private static final long serialVersionUID = 1L;

    final ReasonCode reason;

    MalformedPacket(ReasonCode reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    static MalformedPacket malformed(String detail) {
        return new MalformedPacket(ReasonCode.MALFORMED_PACKET, detail);
    }

    static MalformedPacket protocolError(String detail) {
        return new MalformedPacket(ReasonCode.PROTOCOL_ERROR, detail);
    }
}

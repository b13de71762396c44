package io.watchbox.internal.protocol;

/** The error codes of the wire contract, with their wire spelling. */
public enum ErrorCode {
    BAD_FRAME("bad-frame"),
    UNKNOWN_TYPE("unknown-type"),
    BAD_GROUP("bad-group"),
    TOO_LARGE("too-large"),
    FORBIDDEN("forbidden"),
    RATE_LIMITED("rate-limited"),
    /** A retained publish past {@code watchbox.retained.maxcount} or {@code .maxbytes}: nothing was published. */
    RETAINED_FULL("retained-full");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}

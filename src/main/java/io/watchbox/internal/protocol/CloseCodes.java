package io.watchbox.internal.protocol;

/** WebSocket close codes the server uses, as the wire contract names them. */
public final class CloseCodes {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    /** Standard "policy violation": used when an administrator kicks a session. */
    /** Standard "unsupported data": a frame of a kind the protocol does not use (text on MQTT). */
    public static final int UNSUPPORTED_DATA = 1003;
    public static final int KICKED = 1008;
    /** Standard "internal error": a bug met while handling the client's frame. */
    public static final int INTERNAL_ERROR = 1011;
    /** Standard "try again later": the server is at {@code watchbox.maxclients}. */
    public static final int TRY_AGAIN_LATER = 1013;
    public static final int PROTOCOL_ERROR = 4400;
    public static final int FORBIDDEN = 4403;
    public static final int TIMED_OUT = 4408;
    public static final int REPLACED = 4409;
    public static final int TOO_LARGE = 4413;

    private CloseCodes() {
    }
}

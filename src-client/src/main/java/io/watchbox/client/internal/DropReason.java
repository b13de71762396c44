package io.watchbox.client.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why a connection ended and whether the client may reconnect by itself.
 *
 * @param description what {@code onDisconnect} reports
 * @param reconnect   false for codes that mean "do not come back": 1000 after our bye is
 *                    handled before this; 4409 replaced, 1008 kicked, 4403 forbidden, 4400
 *                    protocol error
 * @param closeCode   the WebSocket close code, or 0 when the connection failed otherwise
 * @param local       true when the client itself gave the connection up (it must be aborted)
 * @param cause       the I/O error, if any
 */
public record DropReason(String description, boolean reconnect, int closeCode, boolean local, Throwable cause) {

    public static final int NORMAL = 1000;
    public static final int KICKED = 1008;
    public static final int PROTOCOL_ERROR = 4400;
    public static final int FORBIDDEN = 4403;
    public static final int TIMED_OUT = 4408;
    public static final int REPLACED = 4409;
    public static final int TOO_LARGE = 4413;

    public static DropReason ofClose(int code, String reason) {
        return switch (code) {
            case REPLACED -> new DropReason("replaced", false, code, false, null);
            case KICKED -> new DropReason("kicked", false, code, false, null);
            case FORBIDDEN -> new DropReason("forbidden", false, code, false, null);
            case PROTOCOL_ERROR -> new DropReason("protocol-error", false, code, false, null);
            case TIMED_OUT -> new DropReason("timeout", true, code, false, null);
            case TOO_LARGE -> new DropReason("too-large", true, code, false, null);
            // An unsolicited 1000 (we did not say bye) is treated like any other drop.
            default -> new DropReason(describe(code, reason), true, code, false, null);
        };
    }

    public static DropReason ofError(Throwable error) {
        // The outermost real exception says most (ConnectException rather than its
        // message-less ClosedChannelException cause); async wrappers say nothing.
        Throwable shown = error;
        while ((shown instanceof CompletionException || shown instanceof ExecutionException)
                && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage() == null ? shown.getClass().getSimpleName()
                : shown.getClass().getSimpleName() + ": " + shown.getMessage();
        return new DropReason("io-error: " + message, true, 0, false, error);
    }

    /** The client gives the connection up itself, e.g. nothing heard for the timeout. */
    public static DropReason local(String description) {
        return new DropReason(description, true, 0, true, null);
    }

    private static String describe(int code, String reason) {
        return reason == null || reason.isEmpty() ? "closed " + code : "closed " + code + ": " + reason;
    }
}

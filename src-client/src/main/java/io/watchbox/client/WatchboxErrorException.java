package io.watchbox.client;

/** The server answered a request with an {@code error} frame. */
public class WatchboxErrorException extends WatchboxException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final String reason;

    public WatchboxErrorException(String code, String reason) {
        super(code + ": " + reason);
        this.code = code;
        this.reason = reason;
    }

    /** The contract's error code, e.g. {@code bad-group} or {@code rate-limited}. */
    public String getCode() {
        return code;
    }

    /** The server's human-readable reason. */
    public String getReason() {
        return reason;
    }
}

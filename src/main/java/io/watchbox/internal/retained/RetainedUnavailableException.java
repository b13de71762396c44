package io.watchbox.internal.retained;

/** The store of retained messages is out of reach (cluster mode: Redis does not answer); nothing changed. */
public final class RetainedUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RetainedUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

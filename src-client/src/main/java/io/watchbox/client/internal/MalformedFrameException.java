package io.watchbox.client.internal;

import io.watchbox.client.WatchboxException;

/** A frame from the server that does not follow the contract. */
public final class MalformedFrameException extends WatchboxException {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.watchbox.internal.core;

/** A request the authorizer or a per-session limit refuses; answered with {@code forbidden}. */
final class ForbiddenException extends Exception {
    ForbiddenException(String reason) {
        super(reason, null, false, false);
    }
}

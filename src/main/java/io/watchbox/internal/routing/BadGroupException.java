package io.watchbox.internal.routing;

/** A group name or subscription pattern that breaks the contract's rules. */
public final class BadGroupException extends Exception {
    public BadGroupException(String reason) {
        super(reason, null, false, false);
    }
}

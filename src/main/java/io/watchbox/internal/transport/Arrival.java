package io.watchbox.internal.transport;

import io.watchbox.WatchboxAuthenticator.Handshake;
import io.watchbox.WatchboxIdentity;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the handshake said, carried from the configurator to the endpoint's {@code onOpen} once.
 * The containers keep the connection's user properties (Tyrus also its copy of the endpoint
 * configuration) for the connection's life, so they hold only this slot, which the endpoint empties:
 * an idle connection does not keep its request headers.
 *
 * @param handshake     the headers, Origin and remote address of the upgrade request
 * @param containerUser the user the container authenticated on it, or null
 */
record Arrival(Handshake handshake, WatchboxIdentity containerUser) {

    /** The user-properties key of the slot. */
    static final String KEY = Arrival.class.getName();

    /** A slot holding this arrival until {@link #takeFrom} empties it. */
    AtomicReference<Arrival> slot() {
        return new AtomicReference<>(this);
    }

    /** The arrival in the slot found under {@link #KEY}, taken out of it; null if there is none. */
    static Arrival takeFrom(Object slot) {
        return slot instanceof AtomicReference<?> reference && reference.getAndSet(null) instanceof Arrival arrival
                ? arrival : null;
    }
}

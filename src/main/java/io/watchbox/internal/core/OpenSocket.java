package io.watchbox.internal.core;

/** A client's socket as the broker's sweep sees it, whichever protocol it speaks. */
interface OpenSocket {

    /** Nothing arrived within {@code hellotimeout} (a hello, or an MQTT CONNECT): the socket is closed. */
    void helloTimedOut(int seconds);

    /** The credential this connection authenticated with has expired: it speaks for nobody any more. */
    void credentialExpired();

    /** Closes the socket if its client has been silent past its keep alive, at {@code now} (epoch milliseconds). */
    default void checkKeepAlive(long now) {
    }
}

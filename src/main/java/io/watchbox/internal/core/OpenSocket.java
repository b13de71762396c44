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

    /**
     * The replica is about to hand its sessions over to others (cluster mode, stopping): a protocol
     * that keeps state of its connection that must go with the session settles it now, before the
     * session is read, rather than when the container reports the socket closed, which may be after.
     */
    default void handingOver() {
    }
}

package io.watchbox.client.internal;

import java.time.Duration;

/**
 * Keepalive arithmetic of one connection: ping when nothing was sent for a third of the
 * server's timeout; give the connection up when nothing at all arrived for two thirds of it
 * (a ping went unanswered for a third). Giving up before the server's own timeout leaves time to
 * reconnect and resume the session before the server ends it. Times are clock milliseconds.
 */
public final class Keepalive {

    /** What the connection needs now. */
    public enum Action { NONE, PING, DEAD }

    private final long deadAfterMillis;
    private final long pingAfterMillis;
    private long lastSent;
    private long lastReceived;

    public Keepalive(Duration timeout, long now) {
        this.pingAfterMillis = Math.max(1, timeout.toMillis() / 3);
        this.deadAfterMillis = 2 * pingAfterMillis;
        this.lastSent = now;
        this.lastReceived = now;
    }

    public void sent(long now) {
        lastSent = now;
    }

    public void received(long now) {
        lastReceived = now;
    }

    public Action check(long now) {
        if (now - lastReceived >= deadAfterMillis) {
            return Action.DEAD;
        }
        if (now - lastSent >= pingAfterMillis) {
            return Action.PING;
        }
        return Action.NONE;
    }

    /** When {@link #check} may next return something other than {@code NONE}. */
    public long nextCheckAt() {
        return Math.min(lastSent + pingAfterMillis, lastReceived + deadAfterMillis);
    }
}

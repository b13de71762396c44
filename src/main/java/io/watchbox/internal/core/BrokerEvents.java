package io.watchbox.internal.core;

import io.watchbox.WatchboxMessage;
import io.watchbox.WatchboxTimeout;

/** Where the broker reports what happened; implementations must return at once. */
public interface BrokerEvents {

    /** Reports nothing: for a broker whose events no one observes (tests, benchmarks). */
    BrokerEvents NONE = new BrokerEvents() {
        @Override
        public void clientPublished(WatchboxMessage message) {
        }

        @Override
        public void sessionEnded(WatchboxTimeout ended) {
        }
    };

    void clientPublished(WatchboxMessage message);

    void sessionEnded(WatchboxTimeout ended);

    /** Events waiting now to be handed to observers. */
    default int backlog() {
        return 0;
    }

    /** Events never handed to observers because the backlog was full, since start. */
    default long dropped() {
        return 0;
    }
}

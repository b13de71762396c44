package io.watchbox.internal.cluster;

import io.watchbox.internal.core.relay.MessageId;
import io.watchbox.internal.logging.RateLimitedLog;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Takes the frames other replicas relayed off the listening connection: drops this replica's own
 * and those seen already, counts the holes, and hands each message to the delivery executor, in
 * the order Redis sent them.
 */
final class RelayReceiver {

    // Per frame: a replica of another version sends many during a rolling upgrade, and an outage many holes.
    private final RateLimitedLog errors = RateLimitedLog.errors();
    private final String id;
    private final String where;
    private final RedisRelay.Delivery delivery;
    private final Executor deliveries;
    private final ReceivedNumbers numbers;
    private final LongAdder received = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private final LongAdder ignored = new LongAdder();

    /**
     * @param deliveries runs deliveries one at a time, in order
     * @param where      the Redis URI without its password, and the cluster's name, for the log
     */
    RelayReceiver(String id, String where, RedisRelay.Delivery delivery, Executor deliveries, ReceivedNumbers numbers) {
        this.id = id;
        this.where = where;
        this.delivery = delivery;
        this.deliveries = deliveries;
        this.numbers = numbers;
    }

    /** On Lettuce's event loop, one listening connection, frames in the order Redis ran their publishes. */
    void received(byte[] bytes) {
        RelayFrame frame = RelayCodec.decode(bytes).orElse(null);
        if (frame == null) {
            ignored.increment();
            errors.warning("unknown relay frame", () -> "Watchbox cluster: ignored a frame from " + where
                    + " that is not one of this version of Watchbox (counted as relayIgnored in /stats)");
            return;
        }
        if (frame.origin().equals(id)) {
            return;
        }
        OptionalLong holes = numbers.arrived(frame);
        if (holes.isEmpty()) {
            return; // sent again after a reconnect, or on both a channel and a pattern
        }
        if (holes.getAsLong() > 0) {
            countMissed(frame.origin(), holes.getAsLong());
        }
        deliveries.execute(() -> {
            delivery.deliver(frame.group(), frame.payload(), frame.from(), new MessageId(frame.origin(), frame.seq()),
                    frame.qos(), frame.properties());
            numbers.delivered(frame.origin(), frame.seq());
            received.increment();
        });
    }

    private void countMissed(String origin, long holes) {
        missed.add(holes);
        errors.warning("missed", () -> "Watchbox cluster: " + holes + " messages from replica " + origin
                + " never reached this replica (counted as missed in /stats)");
    }

    long received() {
        return received.sum();
    }

    long missed() {
        return missed.sum();
    }

    /** Frames that were not ones of this version. */
    long ignored() {
        return ignored.sum();
    }
}

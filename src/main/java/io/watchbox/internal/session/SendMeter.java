package io.watchbox.internal.session;

import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.protocol.EncodedMessage;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts the frames every outbox writes and measures, once per frame, how long the oldest message
 * in it waited: from its publish until the container reported the frame written. Cheap enough for
 * the send path: a counter bump, and for a frame that holds a message, one read of the ticker and
 * one call of the latency recorder (none unless metrics are on).
 */
public final class SendMeter {

    private static final Logger ERROR_LOG = LoggingLevel.error();
    private static final LongConsumer NOWHERE = nanos -> { };

    private final LongSupplier ticker;
    private final LongAdder frames = new LongAdder();
    private volatile LongConsumer latency = NOWHERE;

    /** @param ticker nanoseconds from an arbitrary origin, as {@link System#nanoTime()} */
    public SendMeter(LongSupplier ticker) {
        this.ticker = ticker;
    }

    /** The ticker's time now: a message's publish time. */
    public long now() {
        return ticker.getAsLong();
    }

    /** Frames written so far. */
    public long frames() {
        return frames.sum();
    }

    /**
     * From now on, hands each frame's latency in nanoseconds to this recorder, on the thread that
     * completed the send; it must be quick. One that throws is dropped, and sending goes on.
     */
    public void recordLatencyWith(LongConsumer recorder) {
        latency = Objects.requireNonNull(recorder);
    }

    /** Stops handing latencies to the recorder. */
    public void stopRecordingLatency() {
        latency = NOWHERE;
    }

    /**
     * A frame was written.
     *
     * @param oldestPublishedAt the publish time of the oldest message in it, or
     *                          {@link EncodedMessage#UNTIMED} when it holds none (only replies)
     */
    void sent(long oldestPublishedAt) {
        frames.increment();
        LongConsumer recorder = latency;
        if (recorder != NOWHERE && oldestPublishedAt != EncodedMessage.UNTIMED) {
            try {
                recorder.accept(Math.max(0, ticker.getAsLong() - oldestPublishedAt));
            } catch (RuntimeException e) {
                // Measuring must never stop a send path; keep sending, unmeasured.
                latency = NOWHERE;
                ERROR_LOG.log(Level.WARNING, "the send latency recorder failed; latency is no longer measured: " + e, e);
            }
        }
    }
}

package io.watchbox.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.internal.FakeConnection;
import io.watchbox.internal.protocol.FrameEncoder;
import io.watchbox.internal.protocol.Payload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Frames written and their publish-to-write latency, on a ticker the test moves. */
class SendMeterTest {

    private final AtomicLong ticker = new AtomicLong(1_000);
    private final SendMeter meter = new SendMeter(ticker::get);
    private final List<Long> latencies = new ArrayList<>();
    private final FrameEncoder encoder = new FrameEncoder();
    private final FakeConnection connection = new FakeConnection().hold();
    private final Session session = new Session("alice", "key", null, 0, new LongAdder());
    private final Outbox outbox = new Outbox(connection, meter);

    SendMeterTest() {
        meter.recordLatencyWith(latencies::add);
        session.attach(outbox, null, null, 0);
        outbox.bind(session);
    }

    @Test
    void aFrameCountsWhenItsSendCompletesAndItsLatencyRunsFromThePublish() {
        publishAt(1_000, "m1");
        ticker.set(1_400);
        assertEquals(0, meter.frames(), "not written yet");

        connection.completeNext();

        assertEquals(1, meter.frames());
        assertEquals(List.of(400L), latencies);
    }

    @Test
    void aBatchedFrameIsOneFrameTimedByItsOldestMessage() {
        outbox.batchUpTo(4096);
        publishAt(1_000, "m1"); // goes out alone, and is held
        publishAt(1_100, "m2");
        publishAt(1_250, "m3");
        ticker.set(2_000);

        connection.completeNext();
        connection.completeNext();

        assertEquals(2, connection.sentCount(), "m2 and m3 went in one frame");
        assertEquals(2, meter.frames());
        assertEquals(List.of(1_000L, 900L), latencies, "the second frame's latency is m2's, its oldest");
    }

    @Test
    void repliesCountAsFramesButHaveNoLatency() {
        outbox.reply(encoder.pong(null));
        ticker.set(5_000);

        connection.completeNext();

        assertEquals(1, meter.frames());
        assertEquals(List.of(), latencies);
    }

    @Test
    void aFailedSendIsNotCounted() {
        publishAt(1_000, "m1");

        connection.failNext(new IOException("broken pipe"));

        assertEquals(0, meter.frames());
        assertEquals(List.of(), latencies);
    }

    @Test
    void withoutARecorderOnlyFramesAreCounted() {
        meter.stopRecordingLatency();
        publishAt(1_000, "m1");

        connection.completeNext();

        assertEquals(1, meter.frames());
        assertEquals(List.of(), latencies);
    }

    @Test
    void aRecorderThatThrowsIsDroppedAndSendingGoesOn() {
        meter.recordLatencyWith(nanos -> {
            throw new IllegalStateException("broken registry");
        });
        publishAt(1_000, "m1");
        publishAt(1_100, "m2");

        connection.completeNext();
        connection.completeNext();

        assertEquals(2, connection.sentCount(), "the next frame went out after the failure");
        assertEquals(2, meter.frames());
    }

    private void publishAt(long tick, String text) {
        session.enqueue(encoder.message("g", Payload.ofText(text), null, tick), 50, Long.MAX_VALUE);
    }
}

package io.watchbox.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.FakeConnection;
import io.watchbox.internal.logging.SocketFailures;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.FrameEncoder;
import io.watchbox.internal.protocol.Payload;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Packed binary frames (MQTT): what waits when the socket is ready goes in one frame, packets back to
 * back, bounded, in the order replies, resends, messages, never past the framing's in-flight window.
 */
class OutboxPackingTest {

    private final FrameEncoder encoder = new FrameEncoder();
    private final FakeConnection connection = new FakeConnection().hold();
    private final Session session = new Session("alice", "key", null, 0, new LongAdder());
    private final AtomicLong ticker = new AtomicLong();
    private final SendMeter meter = new SendMeter(ticker::get);
    private final List<Long> latencies = new ArrayList<>();

    /** A message's packet is its text in brackets; each one taken is in flight until acknowledged. */
    private static final class Window implements MessageFraming {
        final Deque<String> again = new ArrayDeque<>();
        int size = Integer.MAX_VALUE;
        int inFlight;

        @Override
        public String frame(EncodedMessage message, long seq) {
            inFlight++;
            return "[" + message.payload().text() + "]";
        }

        @Override
        public String resend() {
            return again.poll();
        }

        @Override
        public boolean mayTake() {
            return inFlight < size;
        }
    }

    private final Window window = new Window();
    private final Outbox outbox = new Outbox(connection, window, meter, new SocketFailures());

    OutboxPackingTest() {
        meter.recordLatencyWith(latencies::add);
    }

    @Test
    void packetsThatWaitWhileASendIsInFlightGoOutInOneFrame() {
        bind(1024);
        queue("m1");
        queue("m2");
        queue("m3");

        connection.completeNext();

        assertEquals(List.of("[m1]", "[m2][m3]"), connection.sent());
    }

    @Test
    void aPacketIsSentAloneAtOnceWhenNothingElseWaits() {
        bind(1024);
        queue("m1");
        assertEquals(List.of("[m1]"), connection.sent(), "not held back to fill a frame");

        connection.completeNext();
        queue("m2");

        assertEquals(List.of("[m1]", "[m2]"), connection.sent());
    }

    @Test
    void repliesGoFirstThenWhatIsSentAgainThenQueuedMessages() {
        outbox.packUpTo(1024);
        session.attach(outbox, null, null, 0);
        outbox.reply("[connack]");
        window.again.add("[again 1]");
        window.again.add("[again 2]");
        queue("new");
        outbox.bind(session);
        outbox.reply("[pingresp]");

        connection.completeNext();

        assertEquals(List.of("[connack]", "[pingresp][again 1][again 2][new]"), connection.sent());
    }

    @Test
    void aFrameNeverTakesMoreThanTheWindowAllows() {
        window.size = 2;
        bind(1024);
        queue("m1");
        queue("m2");
        queue("m3");
        queue("m4");

        connection.completeNext();
        assertEquals(List.of("[m1]", "[m2]"), connection.sent(), "m1 and m2 fill the window");

        window.inFlight = 0; // both acknowledged
        outbox.wake();
        connection.completeNext();

        assertEquals(List.of("[m1]", "[m2]", "[m3][m4]"), connection.sent());
    }

    @Test
    void aPackedFrameStaysWithinItsBoundAndAPacketTakenThatDidNotFitOpensTheNextFrame() {
        bind(14);
        queue("m1");
        queue("aaaa");
        queue("bbbb");
        queue("cccc");

        connection.completeNext();
        assertEquals(List.of("[m1]", "[aaaa][bbbb]"), connection.sent(), "14 bytes: [cccc] does not fit in the 2 left");
        assertEquals(4, window.inFlight, "[cccc] was taken all the same, and waits");
        outbox.reply("[pong]");

        connection.completeNext();

        assertEquals(List.of("[m1]", "[aaaa][bbbb]", "[cccc][pong]"), connection.sent(),
                "taken in its turn, [cccc] is not passed by what came after it");
    }

    @Test
    void aPacketLargerThanTheBoundGoesAloneAndNothingIsLostOrReordered() {
        bind(12);
        queue("m1");
        queue("a");
        queue("x".repeat(20));
        queue("b");

        connection.release();

        assertEquals(List.of("[m1]", "[a]", "[" + "x".repeat(20) + "]", "[b]"), connection.sent());
        for (String frame : connection.sent()) {
            assertTrue(frame.length() <= 12 || frame.indexOf('[', 1) < 0, "too large: " + frame);
        }
    }

    @Test
    void aPackedFrameIsTimedByItsOldestMessageAndALeftoverTimesTheFrameItOpens() {
        bind(14);
        queueAt(1_000, "m1");
        queueAt(1_100, "aaaa");
        queueAt(1_200, "bbbb");
        queueAt(1_300, "cccc");
        ticker.set(2_000);

        connection.completeNext();
        connection.completeNext();
        connection.completeNext();

        assertEquals(3, meter.frames());
        assertEquals(List.of(1_000L, 900L, 700L), latencies);
    }

    @Test
    void aCloseDropsAPacketThatWaitedForTheNextFrame() {
        bind(14);
        queue("m1");
        queue("aaaa");
        queue("bbbb");
        queue("cccc");
        connection.completeNext(); // [aaaa][bbbb] goes, [cccc] waits for it

        outbox.close(4409, "replaced");
        connection.release();

        assertEquals(List.of("[m1]", "[aaaa][bbbb]"), connection.sent());
        assertEquals(List.of(4409), connection.closeCodes());
    }

    private void bind(int maxBytes) {
        outbox.packUpTo(maxBytes);
        session.attach(outbox, null, null, 0);
        outbox.bind(session);
    }

    private void queue(String text) {
        queueAt(0, text);
    }

    private void queueAt(long tick, String text) {
        session.enqueue(encoder.message("g", Payload.ofText(text), null, tick), 50, 1 << 20);
        outbox.pump();
    }
}

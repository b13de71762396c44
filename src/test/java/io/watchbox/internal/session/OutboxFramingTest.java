package io.watchbox.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.internal.FakeConnection;
import io.watchbox.internal.logging.SocketFailures;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.FrameEncoder;
import io.watchbox.internal.protocol.Payload;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** What a protocol's framing asks of the outbox: sends again first, holds the queue, skips a message, last words. */
class OutboxFramingTest {

    private final FrameEncoder encoder = new FrameEncoder();
    private final FakeConnection connection = new FakeConnection();
    private final Session session = new Session("alice", "key", null, 0, new LongAdder());

    /** Frames a message as its text; the test says what is sent again and when the queue is held. */
    private static final class Framing implements MessageFraming {
        final Deque<String> again = new ArrayDeque<>();
        boolean open = true;

        @Override
        public String frame(EncodedMessage message, long seq) {
            return message.payload().text().equals("skip") ? null : message.payload().text();
        }

        @Override
        public String resend() {
            return again.poll();
        }

        @Override
        public boolean mayTake() {
            return open;
        }
    }

    private final Framing framing = new Framing();
    private final Outbox outbox = new Outbox(connection, framing, new SendMeter(System::nanoTime), new SocketFailures());

    private void bind() {
        session.attach(outbox, null, null, 0);
        outbox.bind(session);
    }

    private void queue(String text) {
        session.enqueue(encoder.message("g", Payload.ofText(text), null), 50, 1 << 20);
    }

    @Test
    void whatIsSentAgainGoesBeforeTheQueuedMessages() {
        framing.again.add("again 1");
        framing.again.add("again 2");
        session.attach(outbox, null, null, 0);
        queue("new");

        outbox.bind(session);

        assertEquals(List.of("again 1", "again 2", "new"), connection.sent());
    }

    @Test
    void aHeldQueueWaitsUntilTheOutboxIsWoken() {
        bind();
        framing.open = false;
        queue("one");
        queue("two");
        assertEquals(List.of(), connection.sent());

        framing.open = true;
        outbox.wake();

        assertEquals(List.of("one", "two"), connection.sent());
    }

    @Test
    void aMessageTheFramingDoesNotSendIsPassedOver() {
        bind();
        queue("skip");
        queue("next");

        assertEquals(List.of("next"), connection.sent());
    }

    @Test
    void aCloseSaysTheLastWordsForItsCodeFirst() {
        bind();
        outbox.sayLastWords(code -> code == 4409 ? "taken over" : null);

        outbox.close(4409, "replaced");

        assertEquals(List.of("taken over"), connection.sent());
        assertEquals(List.of(4409), connection.closeCodes());
    }

    @Test
    void noLastWordsWhileASendIsInFlight() {
        connection.hold();
        bind();
        outbox.sayLastWords(code -> "last");
        queue("slow");

        outbox.close(4409, "replaced");

        assertEquals(List.of("slow"), connection.sent());
        assertEquals(List.of(4409), connection.closeCodes());
    }
}

package io.watchbox.internal.session;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.ErrorLog;
import io.watchbox.internal.FakeConnection;
import io.watchbox.internal.logging.SocketFailures;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.FrameEncoder;
import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.protocol.RequestId;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private static final int LISTLIMIT = 50;
    private final FrameEncoder encoder = new FrameEncoder();

    @Test
    void onlyOneSendIsInFlightAtATime() {
        FakeConnection connection = new FakeConnection().hold();
        Outbox outbox = connected("alice", connection, new LongAdder()).outbox;

        outbox.reply("{\"type\":\"pong\",\"id\":\"1\"}");
        outbox.reply("{\"type\":\"pong\",\"id\":\"2\"}");
        outbox.reply("{\"type\":\"pong\",\"id\":\"3\"}");

        assertEquals(1, connection.sentCount(), "nothing more starts while the first send is in flight");
        connection.completeNext();
        assertEquals(2, connection.sentCount());
        connection.completeNext();
        assertEquals(3, connection.sentCount());
        connection.completeNext();
        assertEquals(3, connection.sentCount());
        assertEquals(1, connection.maxInFlight());
    }

    @Test
    void messagesWaitForTheSendInFlightToo() {
        FakeConnection connection = new FakeConnection().hold();
        Attached alice = connected("alice", connection, new LongAdder());

        for (int i = 1; i <= 3; i++) {
            alice.session.enqueue(message("m" + i), LISTLIMIT, Long.MAX_VALUE);
        }

        assertEquals(List.of("m1"), texts(connection));
        connection.release();
        assertEquals(List.of("m1", "m2", "m3"), texts(connection));
        assertEquals(List.of(1L, 2L, 3L), seqs(connection));
        assertEquals(1, connection.maxInFlight());
    }

    @Test
    void aMessageTheFramingSkipsIsPassedOverAndTheNextOneStillGoes() {
        FakeConnection connection = new FakeConnection().hold();
        Session session = new Session("alice", "key", null, 0, new LongAdder());
        // Like MQTT's No Local: this connection does not deliver what it published itself.
        MessageFraming skipsOwn = (message, seq) -> message.payload().text().startsWith("own") ? null : MessageFraming.JSON.frame(message, seq);
        Outbox outbox = new Outbox(connection, skipsOwn, new SendMeter(System::nanoTime), new SocketFailures());
        session.attach(outbox, null, null, 0);
        outbox.bind(session);

        session.enqueue(message("m1"), LISTLIMIT, Long.MAX_VALUE); // goes out at once, and is held
        session.enqueue(message("own 1"), LISTLIMIT, Long.MAX_VALUE);
        session.enqueue(message("own 2"), LISTLIMIT, Long.MAX_VALUE);
        session.enqueue(message("m2"), LISTLIMIT, Long.MAX_VALUE);
        connection.release();

        assertEquals(List.of("m1", "m2"), texts(connection));
        assertEquals(List.of(1L, 4L), seqs(connection));
    }

    @Test
    void repliesGoBeforeQueuedMessages() {
        FakeConnection connection = new FakeConnection().hold();
        Attached alice = connected("alice", connection, new LongAdder());

        alice.session.enqueue(message("m1"), LISTLIMIT, Long.MAX_VALUE); // goes out at once, and is held
        alice.session.enqueue(message("m2"), LISTLIMIT, Long.MAX_VALUE);
        alice.session.enqueue(message("m3"), LISTLIMIT, Long.MAX_VALUE);
        alice.outbox.reply(encoder.ok(RequestId.of("a")));
        alice.outbox.reply(encoder.pong(RequestId.of("b")));
        connection.release();

        List<String> order = connection.frames().stream()
                .map(f -> f.getString("type") + (f.containsKey("msg") ? " " + f.getString("msg") : " " + f.getString("id")))
                .toList();
        assertEquals(List.of("msg m1", "ok a", "pong b", "msg m2", "msg m3"), order);
    }

    @Test
    void sendsThatCompleteInlineDoNotRecurse() {
        int count = 100_000;
        InlineConnection connection = new InlineConnection();
        Attached alice = connected("alice", connection, new LongAdder());
        EncodedMessage shared = message("m");
        for (int i = 1; i <= count; i++) {
            alice.session.enqueue(shared, count, Long.MAX_VALUE);
        }
        assertEquals(1, connection.sends.get(), "the first send is held, the rest wait behind it");

        connection.completeFirst(); // from now on every send completes before send() returns

        assertEquals(count, connection.sends.get());
        assertEquals(count, connection.lastSeq);
        assertTrue(connection.depthAtLastSend <= connection.depthAtSecondSend,
                "stack grew from " + connection.depthAtSecondSend + " to " + connection.depthAtLastSend + " frames");
    }

    @Test
    void aSlowConnectionDropsOnlyItsOwnOldestMessages() {
        int listlimit = 5;
        FakeConnection slowSocket = new FakeConnection().hold();
        FakeConnection fastSocket = new FakeConnection();
        LongAdder slowDropped = new LongAdder();
        LongAdder fastDropped = new LongAdder();
        Attached slow = connected("slow", slowSocket, slowDropped);
        Attached fast = connected("fast", fastSocket, fastDropped);

        for (int i = 1; i <= 20; i++) {
            EncodedMessage shared = message("m" + i);
            slow.session.enqueue(shared, listlimit, Long.MAX_VALUE);
            fast.session.enqueue(shared, listlimit, Long.MAX_VALUE);
        }

        assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), seqs(fastSocket));
        assertEquals(0, fastDropped.sum());

        slowSocket.release();
        // seq 1 was already on the wire; 2..15 were pushed out of the 5-slot queue unsent.
        assertEquals(List.of(1L, 16L, 17L, 18L, 19L, 20L), seqs(slowSocket));
        assertEquals(List.of("m1", "m16", "m17", "m18", "m19", "m20"), texts(slowSocket));
        assertEquals(14, slowDropped.sum());
    }

    @Test
    void closeAfterFlushSendsTheRepliesAlreadyQueuedThenCloses() {
        FakeConnection connection = new FakeConnection().hold();
        Attached alice = connected("alice", connection, new LongAdder());
        alice.outbox.reply("{\"type\":\"pong\"}");
        alice.outbox.reply(encoder.error(null, io.watchbox.internal.protocol.ErrorCode.BAD_FRAME, "bad"));

        alice.outbox.closeAfterFlush(4400, "protocol error");
        alice.outbox.reply(encoder.ok(RequestId.of("late")));
        alice.session.enqueue(message("late"), LISTLIMIT, Long.MAX_VALUE);

        assertEquals(List.of(), connection.closes(), "the close waits for the queued error frame");
        connection.release();

        List<String> transcript = connection.transcript();
        assertEquals(3, transcript.size(), transcript::toString);
        assertTrue(transcript.get(1).contains("\"error\""));
        assertEquals("close 4400", transcript.get(2));
    }

    @Test
    void closeAtOnceDropsWhatIsQueuedAndClosesOnce() {
        FakeConnection connection = new FakeConnection().hold();
        Attached alice = connected("alice", connection, new LongAdder());
        alice.outbox.reply(encoder.pong(RequestId.of("1")));
        alice.outbox.reply(encoder.pong(RequestId.of("2")));
        alice.session.enqueue(message("m1"), LISTLIMIT, Long.MAX_VALUE);

        alice.outbox.close(4408, "timed out");
        alice.outbox.close(4409, "again");
        connection.release();
        alice.outbox.reply(encoder.pong(RequestId.of("3")));

        assertEquals(1, connection.sentCount());
        assertEquals(List.of(4408), connection.closeCodes());
    }

    @Test
    void aFailedSendStopsSendingWithoutAHandshakeOnTheBrokenSocket() {
        FakeConnection connection = new FakeConnection().hold();
        Attached alice = connected("alice", connection, new LongAdder());
        alice.outbox.reply(encoder.pong(RequestId.of("1")));
        alice.outbox.reply(encoder.pong(RequestId.of("2")));

        connection.failNext(new IOException("broken pipe"));
        alice.session.enqueue(message("m1"), LISTLIMIT, Long.MAX_VALUE);

        assertEquals(1, connection.sentCount());
        assertEquals(List.of(), connection.closeCodes());
        alice.session.enqueue(message("m2"), LISTLIMIT, Long.MAX_VALUE);
        assertEquals(1, connection.sentCount(), "nothing more goes to a broken socket");
        assertTrue(alice.outbox.isClosing());
    }

    @Test
    void aPeerThatWentAwayIsNoWarning() {
        FakeConnection connection = new FakeConnection().hold();
        Outbox outbox = new Outbox(connection);
        try (ErrorLog log = ErrorLog.record()) {
            outbox.reply(encoder.pong(RequestId.of("1")));

            connection.failNext(new IOException("connection reset by peer"));

            assertEquals(List.of(), log.at(Level.WARNING));
            assertEquals(List.of(), connection.closeCodes(), "no close handshake on a broken socket");
        }
    }

    @Test
    void anUnexpectedSendFailureIsShownOnceAndClosesThatSocketWith1011() {
        FakeConnection connection = new FakeConnection().hold();
        Outbox outbox = new Outbox(connection);
        try (ErrorLog log = ErrorLog.record()) {
            outbox.reply(encoder.pong(RequestId.of("1")));

            connection.failNext(new IllegalStateException("container bug"));

            List<LogRecord> warnings = log.at(Level.WARNING);
            assertEquals(1, warnings.size());
            assertTrue(warnings.get(0).getThrown() instanceof IllegalStateException);
            assertEquals(List.of(1011), connection.closeCodes());
            assertTrue(outbox.isClosing());
        }
    }

    @Test
    void aFloodOfUnexpectedSendFailuresIsOneLineAndEachSocketClosesWith1011() {
        SocketFailures failures = new SocketFailures(); // one per broker: its outboxes share it
        List<FakeConnection> connections = new ArrayList<>();
        try (ErrorLog log = ErrorLog.record()) {
            for (int i = 0; i < 100; i++) {
                FakeConnection connection = new FakeConnection().hold();
                connections.add(connection);
                new Outbox(connection, new SendMeter(System::nanoTime), failures).reply(encoder.pong(RequestId.of("1")));
                connection.failNext(new IllegalStateException("container bug"));
            }

            assertEquals(1, log.at(Level.WARNING).size(), "one line per minute, the rest counted");
            connections.forEach(c -> assertEquals(List.of(1011), c.closeCodes()));
        }
    }

    @Test
    void aClientThatNeverReadsItsRepliesIsCutOffPast64KiBOfThem() {
        FakeConnection connection = new FakeConnection().hold();
        Outbox outbox = connected("alice", connection, new LongAdder()).outbox;
        outbox.reply(encoder.pong(RequestId.of("in flight")));
        String pong = encoder.pong(RequestId.of("x".repeat(100)));
        long held = 0;
        while (held + pong.length() <= Outbox.MAX_PENDING_REPLY_BYTES) {
            outbox.reply(pong);
            held += pong.length();
        }
        assertEquals(List.of(), connection.closes());

        outbox.reply(pong);

        assertEquals(List.of(1008), connection.closeCodes());
    }

    @Test
    void sentRepliesNoLongerCountAgainstTheBound() {
        FakeConnection connection = new FakeConnection().hold();
        Outbox outbox = connected("alice", connection, new LongAdder()).outbox;
        String pong = encoder.pong(RequestId.of("x".repeat(100)));
        for (int round = 0; round < 3; round++) {
            for (long held = 0; held + pong.length() <= Outbox.MAX_PENDING_REPLY_BYTES / 2; held += pong.length()) {
                outbox.reply(pong);
            }
            while (connection.completeNext()) {
                // the client reads everything
            }
        }

        assertEquals(List.of(), connection.closes());
    }

    @Test
    void afterTheSocketIsGoneNothingMoreIsSentOrClosed() {
        FakeConnection connection = new FakeConnection().hold();
        Attached alice = connected("alice", connection, new LongAdder());
        alice.outbox.reply(encoder.pong(RequestId.of("1")));
        alice.outbox.reply(encoder.pong(RequestId.of("2")));

        alice.outbox.connectionClosed();
        connection.release();
        alice.outbox.reply(encoder.pong(RequestId.of("3")));

        assertEquals(1, connection.sentCount());
        assertEquals(List.of(), connection.closes());
    }

    @Test
    void aDecidedCloseIsReportedSoThatLaterFramesAreNotServed() {
        FakeConnection connection = new FakeConnection().hold();
        Outbox flushing = connected("alice", connection, new LongAdder()).outbox;
        Outbox closed = connected("bob", new FakeConnection(), new LongAdder()).outbox;
        Outbox gone = connected("carol", new FakeConnection(), new LongAdder()).outbox;
        Outbox open = connected("dave", new FakeConnection(), new LongAdder()).outbox;

        flushing.reply(encoder.pong(RequestId.of("1")));
        flushing.closeAfterFlush(4400, "protocol error");
        closed.close(4409, "replaced");
        gone.connectionClosed();

        assertTrue(flushing.isClosing(), "closing once the error frame is out");
        assertTrue(closed.isClosing());
        assertTrue(gone.isClosing());
        assertFalse(open.isClosing());
    }

    @Test
    void completionsOnAnotherThreadKeepOneSendInFlightAndSeqOrder() throws Exception {
        int publishers = 4;
        int perPublisher = 2_000;
        int total = publishers * perPublisher;
        ExecutorService completer = Executors.newSingleThreadExecutor();
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        try {
            AsyncConnection connection = new AsyncConnection(completer);
            Attached alice = connected("alice", connection, new LongAdder());
            CyclicBarrier start = new CyclicBarrier(publishers);
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perPublisher; i++) {
                        alice.session.enqueue(message("m"), total, Long.MAX_VALUE);
                    }
                    return null;
                }));
            }
            for (Future<?> publisher : done) {
                publisher.get(60, TimeUnit.SECONDS);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> connection.seqs().size() == total);
            assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), connection.seqs());
            assertEquals(1, connection.maxInFlight.get());
        } finally {
            pool.shutdownNow();
            completer.shutdownNow();
        }
    }

    private Attached connected(String uid, Connection connection, LongAdder dropped) {
        Session session = new Session(uid, "key", null, 0, dropped);
        Outbox outbox = new Outbox(connection);
        session.attach(outbox, null, null, 0);
        outbox.bind(session);
        return new Attached(session, outbox);
    }

    private EncodedMessage message(String text) {
        return encoder.message("g", Payload.ofText(text), null);
    }

    private static List<Long> seqs(FakeConnection connection) {
        return connection.frames("msg").stream().map(f -> f.getJsonNumber("seq").longValue()).toList();
    }

    private static List<String> texts(FakeConnection connection) {
        return connection.frames("msg").stream().map(f -> f.getString("msg")).toList();
    }

    private record Attached(Session session, Outbox outbox) {
    }

    /** Holds its first send; every later send completes before {@code send} returns, like a fast local socket. */
    private static final class InlineConnection implements Connection {
        final AtomicInteger sends = new AtomicInteger();
        Consumer<Throwable> first;
        long lastSeq;
        int depthAtSecondSend;
        int depthAtLastSend;

        @Override
        public void send(String text, Consumer<Throwable> done) {
            int n = sends.incrementAndGet();
            lastSeq = Frames.seq(text);
            if (n == 1) {
                first = done;
                return;
            }
            if (n == 2 || n % 10_000 == 0) {
                int depth = Thread.currentThread().getStackTrace().length;
                if (n == 2) {
                    depthAtSecondSend = depth;
                }
                depthAtLastSend = depth;
            }
            done.accept(null);
        }

        void completeFirst() {
            first.accept(null);
        }

        @Override
        public void close(int code, String reason) {
            throw new AssertionError("unexpected close " + code + " " + reason);
        }
    }

    /** Completes every send later on another thread, like the container's I/O threads. */
    private static final class AsyncConnection implements Connection {
        final ExecutorService completer;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        private final List<Long> seqs = new ArrayList<>();

        AsyncConnection(ExecutorService completer) {
            this.completer = completer;
        }

        @Override
        public void send(String text, Consumer<Throwable> done) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            synchronized (this) {
                seqs.add(Frames.seq(text));
            }
            completer.execute(() -> {
                inFlight.decrementAndGet();
                done.accept(null);
            });
        }

        synchronized List<Long> seqs() {
            return List.copyOf(seqs);
        }

        @Override
        public void close(int code, String reason) {
            throw new AssertionError("unexpected close " + code + " " + reason);
        }
    }

    /** Reads seq without a JSON parser, which would dominate the time of 100,000 sends. */
    private static final class Frames {
        private static final String SEQ = "\"seq\":";

        static long seq(String frame) {
            int start = frame.indexOf(SEQ) + SEQ.length();
            return Long.parseLong(frame.substring(start, frame.indexOf(',', start)));
        }
    }
}

package io.watchbox.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.internal.ErrorLog;
import io.watchbox.internal.FakeConnection;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.FrameEncoder;
import io.watchbox.internal.protocol.Payload;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Flushes handed over (HandedOffFlushes): where a send completes on the sending thread, a queued
 * message waits for the flush on the executor, and what gathers meanwhile goes out in one frame.
 */
class OutboxHandOffTest {

    private final FrameEncoder encoder = new FrameEncoder();
    private final Tasks tasks = new Tasks();
    private final HandedOffFlushes flushes = new HandedOffFlushes(tasks);

    @Test
    void onceASendCompletedInlineWhatIsQueuedWaitsForTheFlushAndGoesOutInOneFrame() {
        Attached alice = attached(new FakeConnection());
        enqueue(alice, "m1");
        assertEquals(1, alice.connection.sentCount(), "before any send completed, the first message leaves at once");

        enqueue(alice, "m2", "m3", "m4");
        assertEquals(1, alice.connection.sentCount(), "queued, not sent on the publishing thread");
        assertEquals(1, tasks.size(), "one flush handed over for the three");

        tasks.runAll();

        assertEquals(2, alice.connection.sentCount());
        assertEquals(List.of(2L, 3L, 4L), seqs(alice.connection.sent().get(1)));
    }

    @Test
    void whereSendsCompleteLaterOnAnotherThreadNothingIsHandedOver() {
        Attached alice = attached(new FakeConnection().hold());
        enqueue(alice, "m1", "m2", "m3");

        alice.connection.completeNext();

        assertEquals(0, tasks.size());
        assertEquals(List.of(2L, 3L), seqs(alice.connection.sent().get(1)), "the completion sent what waited, joined");
    }

    @Test
    void manyOutboxesHandedOverInABurstShareOneTaskAndEachIsFlushedOnce() {
        Attached alice = warm(attached(new FakeConnection()));
        Attached bob = warm(attached(new FakeConnection()));
        for (int i = 0; i < 5; i++) {
            enqueue(alice, "a" + i);
            enqueue(bob, "b" + i);
        }
        assertEquals(1, tasks.size());

        tasks.runAll();

        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), seqs(alice.connection.sent().get(1)));
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), seqs(bob.connection.sent().get(1)));
        assertEquals(2, alice.connection.sentCount());
        assertEquals(2, bob.connection.sentCount());
    }

    @Test
    void aReplyDoesNotWaitForTheFlushAndGoesBeforeTheMessagesThatGathered() {
        Attached alice = warm(attached(new FakeConnection()));
        enqueue(alice, "m2", "m3");

        alice.outbox.reply("{\"type\":\"pong\",\"id\":\"1\"}");

        List<JsonObject> frame = objects(alice.connection.sent().get(1));
        assertEquals(List.of("pong", "msg", "msg"), frame.stream().map(o -> o.getString("type")).toList());
        tasks.runAll();
        assertEquals(2, alice.connection.sentCount(), "the flush finds nothing left");
    }

    @Test
    void aFlushHandedOverBeforeACloseSendsNothing() {
        Attached alice = warm(attached(new FakeConnection()));
        enqueue(alice, "m2");

        alice.outbox.close(1000, "bye");
        tasks.runAll();

        assertEquals(1, alice.connection.sentCount());
    }

    @Test
    void aCloseAfterFlushDoesNotWaitForTheFlushHandedOver() {
        Attached alice = warm(attached(new FakeConnection()));
        enqueue(alice, "m2");

        alice.outbox.closeAfterFlush(1008, "enough");

        assertEquals(List.of("close 1008"), alice.connection.transcript().subList(1, 2),
                "the session's messages stay queued for a resume, as without a hand-off");
        tasks.runAll();
        assertEquals(1, alice.connection.sentCount());
    }

    @Test
    void anOutboxWhoseFlushFailsCostsTheOthersNothing() {
        Attached bob = warm(attached(new FakeConnection()));
        try (ErrorLog log = ErrorLog.record()) {
            Outbox throwing = new Outbox(new ThrowingConnection());
            throwing.handOffFlushesTo(flushes);
            // Carol's connection breaks its contract: its second send throws.
            Session carol = new Session("carol", "key", null, 0, new LongAdder());
            carol.attach(throwing, null, null, 0);
            throwing.bind(carol);
            carol.enqueue(message("c1"), 100, Long.MAX_VALUE); // completes inline, then fails the next
            carol.enqueue(message("c2"), 100, Long.MAX_VALUE);
            enqueue(bob, "b2");

            tasks.runAll();

            assertEquals(List.of(2L), seqs(bob.connection.sent().get(1)));
            assertEquals(1, log.at(Level.SEVERE).size());
        }
    }

    @Test
    void aRejectedFlushRunsOnTheCallersThread() {
        HandedOffFlushes stopping = new HandedOffFlushes(task -> {
            throw new RejectedExecutionException("stopping");
        });
        Attached alice = attached(new FakeConnection(), stopping);
        enqueue(alice, "m1");

        enqueue(alice, "m2");

        assertEquals(2, alice.connection.sentCount());
    }

    private record Attached(Session session, Outbox outbox, FakeConnection connection) {
    }

    private Attached attached(FakeConnection connection) {
        return attached(connection, flushes);
    }

    private Attached attached(FakeConnection connection, HandedOffFlushes to) {
        Outbox outbox = new Outbox(connection);
        outbox.batchUpTo(64 * 1024);
        outbox.handOffFlushesTo(to);
        Session session = new Session("s" + System.identityHashCode(outbox), "key", null, 0, new LongAdder());
        session.attach(outbox, null, null, 0);
        outbox.bind(session);
        return new Attached(session, outbox, connection);
    }

    /** One message sent and completed inline, so that the next are handed over. */
    private Attached warm(Attached attached) {
        enqueue(attached, "m1");
        return attached;
    }

    private void enqueue(Attached attached, String... texts) {
        for (String text : texts) {
            attached.session.enqueue(message(text), 100, Long.MAX_VALUE);
        }
    }

    private EncodedMessage message(String text) {
        return encoder.message("g", Payload.ofText(text), null);
    }

    private static List<Long> seqs(String frame) {
        return objects(frame).stream().map(o -> o.getJsonNumber("seq").longValue()).toList();
    }

    private static List<JsonObject> objects(String frame) {
        return Arrays.stream(frame.split("\n"))
                .map(part -> Json.createReader(new StringReader(part)).readObject()).toList();
    }

    /** An executor that keeps its tasks until the test runs them. */
    private static final class Tasks implements Executor {
        private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            waiting.add(task);
        }

        int size() {
            return waiting.size();
        }

        void runAll() {
            for (Runnable task = waiting.poll(); task != null; task = waiting.poll()) {
                task.run();
            }
        }
    }

    /** Completes its first send inline, then throws from every send. */
    private static final class ThrowingConnection implements Connection {
        private boolean sentOnce;

        @Override
        public void send(String text, Consumer<Throwable> done) {
            if (sentOnce) {
                throw new IllegalStateException("broken");
            }
            sentOnce = true;
            done.accept(null);
        }

        @Override
        public void close(int code, String reason) {
        }
    }
}

package io.watchbox.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.FakeConnection;
import io.watchbox.internal.protocol.FrameEncoder;
import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.protocol.Utf8;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Batched frames (contract v2, batching): what waits goes in one frame, objects separated by \n, bounded. */
class OutboxBatchingTest {

    private static final int MAX = 1024;
    private final FrameEncoder encoder = new FrameEncoder();
    private final FakeConnection connection = new FakeConnection().hold();
    private final Session session = new Session("alice", "key", null, 0, new LongAdder());
    private final Outbox outbox = new Outbox(connection);

    @Test
    void whatWaitsWhileASendIsInFlightGoesOutInOneFrame() {
        attach(true);
        outbox.reply("{\"type\":\"pong\",\"id\":\"1\"}");
        enqueue("m1", "m2", "m3");
        outbox.reply("{\"type\":\"pong\",\"id\":\"2\"}");

        connection.completeNext();

        assertEquals(2, connection.sentCount());
        List<JsonObject> second = objects(connection.sent().get(1));
        assertEquals(List.of("pong", "msg", "msg", "msg"), second.stream().map(o -> o.getString("type")).toList(),
                "the reply that waited goes first, then the messages in seq order");
        assertEquals(List.of(1L, 2L, 3L), second.subList(1, 4).stream().map(o -> o.getJsonNumber("seq").longValue()).toList());
    }

    @Test
    void nothingIsHeldBackToFillAFrame() {
        attach(true);
        enqueue("m1");

        assertEquals(1, connection.sentCount(), "the first message leaves at once, alone");
        assertEquals(1, objects(connection.sent().get(0)).size());
    }

    @Test
    void aBatchedFrameNeverExceedsTheLimitAndNothingIsLostOrReordered() {
        attach(true);
        String[] texts = new String[60];
        Arrays.setAll(texts, i -> "message " + i + " " + "x".repeat(i * 7));
        enqueue(texts);

        connection.release();

        List<String> frames = connection.sent();
        assertTrue(frames.size() > 2 && frames.size() < texts.length, "batched: " + frames.size() + " frames");
        for (String frame : frames) {
            assertTrue(Utf8.length(frame) <= MAX || objects(frame).size() == 1, "too large: " + Utf8.length(frame));
        }
        List<Long> seqs = frames.stream().flatMap(f -> objects(f).stream()).map(o -> o.getJsonNumber("seq").longValue()).toList();
        assertEquals(LongStream.rangeClosed(1, texts.length).boxed().toList(), seqs);
    }

    @Test
    void aClientThatDidNotAskGetsOneObjectPerFrame() {
        attach(false);
        enqueue("m1", "m2", "m3");

        connection.release();

        assertEquals(3, connection.sentCount());
        connection.sent().forEach(frame -> assertEquals(1, objects(frame).size()));
    }

    @Test
    void aMessageLargerThanTheLimitStillGoesAloneInItsOwnFrame() {
        attach(true);
        enqueue("first", "y".repeat(MAX * 2), "last");

        connection.release();

        List<Integer> sizes = connection.sent().stream().map(f -> objects(f).size()).toList();
        assertEquals(3, sizes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(connection.sent().stream().anyMatch(f -> f.contains("yyyy") && objects(f).size() == 1));
    }

    private void attach(boolean batch) {
        if (batch) {
            outbox.batchUpTo(MAX);
        }
        session.attach(outbox, null, null, 0);
        outbox.bind(session);
    }

    private void enqueue(String... texts) {
        for (String text : texts) {
            session.enqueue(encoder.message("g", Payload.ofText(text), null), 100, Long.MAX_VALUE);
        }
        outbox.pump();
    }

    private static List<JsonObject> objects(String frame) {
        return Arrays.stream(frame.split("\n"))
                .map(part -> Json.createReader(new StringReader(part)).readObject()).toList();
    }
}

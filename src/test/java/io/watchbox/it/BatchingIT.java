package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.protocol.Utf8;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Batched frames (contract v2, batching), against the real server: a client that says
 * {@code "batch": true} gets what waits in fewer frames, objects separated by \n, none larger than
 * maxmessage unless alone; one that does not ask gets one object per frame.
 */
class BatchingIT {

    private static final int KEPT = 8;

    @Test
    void aResumingClientThatAsksGetsItsKeptMessagesInFewerFramesInOrder() {
        List<String> frames = resumeAfterPublishing(true);

        long objects = frames.stream().mapToLong(f -> f.split("\n").length).sum();
        assertTrue(frames.size() < objects, "batched: " + frames.size() + " frames for " + objects + " objects");
        for (String frame : frames) {
            assertTrue(Utf8.length(frame) <= Server.MAXMESSAGE || frame.split("\n").length == 1, frame);
        }
    }

    @Test
    void aClientThatDoesNotAskGetsOneObjectPerFrame() {
        List<String> frames = resumeAfterPublishing(false);

        assertTrue(frames.stream().noneMatch(f -> f.contains("\n")), frames::toString);
    }

    /** Subscribes, drops, has KEPT messages published, resumes; returns the text frames of the resumed socket. */
    private static List<String> resumeAfterPublishing(boolean batch) {
        String uid = Names.uid("batch");
        String group = Names.group("batch");
        String key;
        try (RawClient first = RawClient.hello(uid)) {
            PubSubIT.subscribe(first, group);
            key = first.resumeKey();
            first.send("{\"type\":\"ping\"}");
            first.expect("pong");
            first.abort();
        }
        for (int i = 1; i <= KEPT; i++) {
            Server.publish(group, "kept " + i);
        }
        try (RawClient again = RawClient.connect()) {
            again.send("{\"type\":\"hello\",\"uid\":\"" + uid + "\",\"since\":0,\"resume\":\"" + key + "\",\"batch\":" + batch + "}");
            assertEquals(batch, again.expect("welcome").getBoolean("batch", false));
            List<Long> seqs = LongStream.rangeClosed(1, KEPT)
                    .map(expected -> again.expect("msg").getJsonNumber("seq").longValue()).boxed().toList();
            assertEquals(LongStream.rangeClosed(1, KEPT).boxed().toList(), seqs, "every kept message, in order");
            return again.textFrames();
        }
    }
}

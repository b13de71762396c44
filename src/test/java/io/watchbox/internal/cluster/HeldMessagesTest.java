package io.watchbox.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The holding queue against a Redis of the test's making: it decides when writes get through. */
class HeldMessagesTest {

    private static final byte[] CHANNEL = "c".getBytes(StandardCharsets.UTF_8);

    /** The writes in the order they were made, each with the future the test completes. */
    private static final class FakeRedis implements HeldMessages.Writer {
        record Write(String frame, CompletableFuture<Long> answer) {
        }

        final List<Write> writes = new ArrayList<>();
        boolean up = true;

        @Override
        public boolean up() {
            return up;
        }

        @Override
        public CompletableFuture<?> publish(byte[] channel, byte[] frame) {
            Write write = new Write(new String(frame, StandardCharsets.UTF_8), new CompletableFuture<>());
            writes.add(write);
            return write.answer();
        }

        List<String> written() {
            return writes.stream().map(Write::frame).toList();
        }

        /** Redis runs every write not answered yet. */
        void answerAll() {
            List.copyOf(writes).forEach(w -> w.answer().complete(1L));
        }

        Write last(String frame) {
            for (int i = writes.size() - 1; i >= 0; i--) {
                if (writes.get(i).frame().equals(frame)) {
                    return writes.get(i);
                }
            }
            throw new AssertionError(frame + " was never written");
        }
    }

    private final FakeRedis redis = new FakeRedis();
    private final AtomicLong now = new AtomicLong(1_000_000);

    private HeldMessages queue(long bytes, long seconds) {
        return new HeldMessages(redis, Runnable::run, now::get, new OutageBounds(bytes, seconds));
    }

    private static byte[] frame(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void withRedisAtHandAMessageIsWrittenAtOnceAndConfirmedWhenRedisAnswers() {
        HeldMessages queue = queue(1000, 10);

        CompletableFuture<Boolean> outcome = queue.offer(CHANNEL, frame("m1"));

        assertEquals(List.of("m1"), redis.written());
        assertFalse(outcome.isDone());
        redis.answerAll();
        assertTrue(outcome.join());
        assertEquals(List.of(1L, 0L, 0L, 0L), List.of(queue.relayed(), queue.held(), queue.relayedLate(), queue.dropped()));
        assertEquals(0, queue.size());
    }

    @Test
    void whileRedisIsOutOfReachMessagesWaitAndGoOutInOrderOnceAProbeGetsThrough() {
        HeldMessages queue = queue(1000, 10);
        redis.up = false;
        List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
        for (String m : List.of("m1", "m2", "m3")) {
            outcomes.add(queue.offer(CHANNEL, frame(m)));
        }
        queue.resume();
        assertEquals(List.of(), redis.written(), "nothing is written while Redis is out of reach");

        redis.up = true;
        queue.resume();
        assertEquals(List.of("m1"), redis.written(), "the oldest alone, as a probe");
        outcomes.add(queue.offer(CHANNEL, frame("m4")));
        assertEquals(List.of("m1"), redis.written(), "a new message does not overtake the held ones");

        redis.last("m1").answer().complete(1L);
        assertEquals(List.of("m1", "m2", "m3", "m4"), redis.written());
        redis.answerAll();
        assertTrue(outcomes.stream().allMatch(CompletableFuture::join));
        queue.offer(CHANNEL, frame("m5"));
        assertEquals("m5", redis.written().get(4), "written at once again");
        assertEquals(List.of(4L, 4L, 0L), List.of(queue.held(), queue.relayedLate(), queue.dropped()));
    }

    @Test
    void aFailedWriteHoldsItAndEveryMessageAfterItWhoseWritesNotGoneYetAreCancelled() {
        HeldMessages queue = queue(1000, 10);
        CompletableFuture<Boolean> first = queue.offer(CHANNEL, frame("m1"));
        CompletableFuture<Boolean> second = queue.offer(CHANNEL, frame("m2"));
        CompletableFuture<Boolean> third = queue.offer(CHANNEL, frame("m3"));
        redis.last("m1").answer().complete(1L);

        redis.last("m2").answer().completeExceptionally(new IllegalStateException("command timed out"));

        assertTrue(redis.last("m3").answer().isCancelled(), "not written after m2 failed, if it has not gone yet");
        assertFalse(second.isDone() || third.isDone());
        queue.offer(CHANNEL, frame("m4"));
        assertEquals(List.of("m1", "m2", "m3"), redis.written());

        queue.resume();
        redis.last("m2").answer().complete(1L);
        assertEquals(List.of("m1", "m2", "m3", "m2", "m3", "m4"), redis.written(),
                "again from the one that failed, in order (one Redis had already ran is dropped by the receivers)");
        redis.answerAll();
        assertTrue(first.join() && second.join() && third.join());
        assertEquals(List.of(4L, 3L, 3L, 0L), List.of(queue.relayed(), queue.held(), queue.relayedLate(), queue.dropped()));
    }

    @Test
    void pastTheByteBoundTheOldestHeldMessagesAreDroppedAndTheirPublishersTold() {
        // Each message weighs 3 bytes: its channel (1) and its frame (2); 3 of them fit.
        HeldMessages queue = queue(9, 10);
        redis.up = false;
        List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            outcomes.add(queue.offer(CHANNEL, frame("m" + i)));
        }

        assertEquals(List.of(false, false), outcomes.subList(0, 2).stream().map(CompletableFuture::join).toList());
        assertFalse(outcomes.get(2).isDone());
        assertEquals(3, queue.size());
        redis.up = true;
        queue.resume();
        redis.answerAll();
        redis.answerAll();
        assertEquals(List.of("m3", "m4", "m5"), redis.written());
        assertEquals(List.of(true, true, true), outcomes.subList(2, 5).stream().map(CompletableFuture::join).toList());
        assertEquals(List.of(5L, 3L, 2L), List.of(queue.held(), queue.relayedLate(), queue.dropped()));
    }

    @Test
    void pastTheTimeBoundAHeldMessageIsDroppedAtTheNextCheckAndTheYoungerOnesWait() {
        HeldMessages queue = queue(1000, 10);
        redis.up = false;
        CompletableFuture<Boolean> old = queue.offer(CHANNEL, frame("m1"));
        now.addAndGet(6_000);
        CompletableFuture<Boolean> young = queue.offer(CHANNEL, frame("m2"));

        now.addAndGet(3_999);
        queue.resume();
        assertFalse(old.isDone(), "9.999 s old");
        now.addAndGet(1);
        queue.resume();
        assertFalse(old.join(), "10 s old: dropped");
        assertFalse(young.isDone());

        redis.up = true;
        queue.resume();
        redis.answerAll();
        assertTrue(young.join());
        assertEquals(List.of("m2"), redis.written());
        assertEquals(1, queue.dropped());
    }

    @Test
    void aProbeInFlightIsNotDroppedPastTheBoundSinceRedisMayHaveIt() {
        HeldMessages queue = queue(1000, 10);
        redis.up = false;
        CompletableFuture<Boolean> probe = queue.offer(CHANNEL, frame("m1"));
        redis.up = true;
        queue.resume();
        now.addAndGet(60_000);

        queue.resume();

        assertFalse(probe.isDone());
        redis.answerAll();
        assertTrue(probe.join());
    }

    @Test
    void boundsOfZeroHoldNothing() {
        HeldMessages queue = queue(0, 0);
        redis.up = false;

        assertFalse(queue.offer(CHANNEL, frame("m1")).join(), "not relayed, at once");

        redis.up = true;
        queue.resume();
        assertEquals(List.of(), redis.written());
        queue.offer(CHANNEL, frame("m2"));
        assertEquals(List.of("m2"), redis.written(), "written at once once Redis is back");
        assertEquals(List.of(1L, 1L), List.of(queue.held(), queue.dropped()));
    }

    @Test
    void aCallIsWrittenOnlyWhileNothingWaitsSoThatItTravelsBehindEveryMessageBeforeIt() {
        HeldMessages queue = queue(1000, 10);
        assertTrue(queue.writeIfFlowing(CHANNEL, frame("call 1")));
        redis.up = false;
        queue.offer(CHANNEL, frame("m1"));
        redis.up = true;

        assertFalse(queue.writeIfFlowing(CHANNEL, frame("call 2")), "m1 waits");
        queue.resume();
        redis.answerAll();
        assertTrue(queue.writeIfFlowing(CHANNEL, frame("call 3")));
        assertEquals(List.of("call 1", "m1", "call 3"), redis.written());
    }

    @Test
    void aWriteRefusedAtOnceIsHeldBeforeAnythingNewerIsWritten() {
        AtomicLong calls = new AtomicLong();
        HeldMessages.Writer refusing = new HeldMessages.Writer() {
            @Override
            public boolean up() {
                return true;
            }

            @Override
            public CompletableFuture<?> publish(byte[] channel, byte[] frame) {
                return calls.incrementAndGet() == 1
                        ? CompletableFuture.failedFuture(new IllegalStateException("not connected"))
                        : redis.publish(channel, frame);
            }
        };
        HeldMessages refused = new HeldMessages(refusing, Runnable::run, now::get, new OutageBounds(1000, 10));

        CompletableFuture<Boolean> first = refused.offer(CHANNEL, frame("m1"));
        refused.offer(CHANNEL, frame("m2"));
        assertEquals(List.of(), redis.written(), "m2 waits behind m1");
        refused.resume();
        redis.answerAll();
        redis.answerAll();
        assertEquals(List.of("m1", "m2"), redis.written());
        assertTrue(first.join());
        assertEquals(0, refused.size());
    }

    @Test
    void closingTellsThePublishersOfWhatStillWaitsThatItWasNotRelayed() {
        HeldMessages queue = queue(1000, 10);
        CompletableFuture<Boolean> inFlight = queue.offer(CHANNEL, frame("m1"));
        redis.up = false;
        CompletableFuture<Boolean> waiting = queue.offer(CHANNEL, frame("m2"));

        queue.dropAll();

        assertFalse(inFlight.join());
        assertFalse(waiting.join());
        assertEquals(2, queue.dropped());
        assertEquals(0, queue.size());
    }
}

package io.watchbox.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.watchbox.internal.protocol.EncodedMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageQueueTest {

    private final MessageQueue queue = new MessageQueue();
    private final List<EncodedMessage> added = new ArrayList<>();

    @Test
    void anEmptyQueueHasNothingAndStartsBeforeSeqOne() {
        assertEquals(0, queue.lastSeq());
        assertEquals(1, queue.firstSeq());
        assertEquals(0, queue.size());
        assertNull(queue.get(0));
        assertNull(queue.get(1));
    }

    @Test
    void theOldestGoFirstOnceTheKeptBytesWouldPassTheBound() {
        EncodedMessage kilobyte = new EncodedMessage("x".repeat(1000));
        long bound = 3 * kilobyte.bytes();

        for (int i = 0; i < 5; i++) {
            queue.add(kilobyte, 50, bound);
        }

        assertEquals(3, queue.size());
        assertEquals(3, queue.firstSeq());
        assertEquals(3 * kilobyte.bytes(), queue.bytes());
    }

    @Test
    void aMessageHeavierThanTheBoundIsNotKeptButTakesItsSeq() {
        queue.add(new EncodedMessage("small"), 50, 1000);

        queue.add(new EncodedMessage("x".repeat(2000)), 50, 1000);

        assertEquals(2, queue.lastSeq());
        assertEquals(0, queue.size());
        assertEquals(0, queue.bytes());
    }

    @Test
    void theWeightIsTheUtf8SizeOfTheFrame() {
        EncodedMessage ascii = new EncodedMessage("abc");
        EncodedMessage euro = new EncodedMessage("€€€");

        assertEquals(6, euro.bytes() - ascii.bytes(), "three 3-byte characters against three 1-byte ones");
        assertEquals(ascii.frame(Long.MAX_VALUE).length(), ascii.bytes(), "the largest seq fits the weight");
    }

    @Test
    void messagesAreNumberedOneTwoThree() {
        add(5, 50);

        assertEquals(1, queue.firstSeq());
        assertEquals(5, queue.lastSeq());
        assertEquals(5, queue.size());
        for (long seq = 1; seq <= 5; seq++) {
            assertSame(added(seq), queue.get(seq));
        }
        assertNull(queue.get(0));
        assertNull(queue.get(6));
    }

    @Test
    void atTheLimitTheOldestIsEvicted() {
        add(5, 3);

        assertEquals(3, queue.size());
        assertEquals(3, queue.firstSeq());
        assertEquals(5, queue.lastSeq());
        assertNull(queue.get(1));
        assertNull(queue.get(2));
        assertSame(added(3), queue.get(3));
        assertSame(added(5), queue.get(5));
    }

    @Test
    void theGapAfterEvictionIsExactlyTheNumberOfEvictedMessages() {
        add(25, 10);

        long lastSeenByClient = 0;
        long gap = queue.firstSeq() - lastSeenByClient - 1;
        assertEquals(15, gap);
        assertEquals(25 - 10, gap);
    }

    @Test
    void aLimitOfOneKeepsOnlyTheNewest() {
        add(4, 1);

        assertEquals(1, queue.size());
        assertEquals(4, queue.firstSeq());
        assertSame(added(4), queue.get(4));
    }

    @Test
    void growsOnDemandUpToTheLimitKeepingOrder() {
        add(1_000, 1_000);

        assertEquals(1_000, queue.size());
        for (long seq = 1; seq <= 1_000; seq++) {
            assertSame(added(seq), queue.get(seq));
        }
    }

    @Test
    void growingAfterTheRingWrappedKeepsOrder() {
        add(6, 4); // seqs 3..6 kept, ring wrapped
        add(10, 100); // a larger limit at run time: the ring grows from its wrapped state

        assertEquals(3, queue.firstSeq());
        assertEquals(16, queue.lastSeq());
        for (long seq = 3; seq <= 16; seq++) {
            assertSame(added(seq), queue.get(seq), "seq " + seq);
        }
    }

    @Test
    void aLimitLoweredAtRunTimeEvictsDownToTheNewLimitOnTheNextAdd() {
        add(10, 10);
        add(1, 3);

        assertEquals(3, queue.size());
        assertEquals(9, queue.firstSeq());
        assertEquals(11, queue.lastSeq());
        assertNull(queue.get(8));
        for (long seq = 9; seq <= 11; seq++) {
            assertSame(added(seq), queue.get(seq));
        }
    }

    @Test
    void seqKeepsCountingAcrossManyWrapArounds() {
        add(10_007, 7);

        assertEquals(10_007, queue.lastSeq());
        assertEquals(10_001, queue.firstSeq());
        for (long seq = 10_001; seq <= 10_007; seq++) {
            assertSame(added(seq), queue.get(seq));
        }
    }

    private void add(int count, int limit) {
        for (int i = 0; i < count; i++) {
            EncodedMessage message = new EncodedMessage("\"n\":" + (added.size() + 1) + "}");
            added.add(message);
            queue.add(message, limit, Long.MAX_VALUE);
        }
    }

    private EncodedMessage added(long seq) {
        return added.get((int) seq - 1);
    }
}

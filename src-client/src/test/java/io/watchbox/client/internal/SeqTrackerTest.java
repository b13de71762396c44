package io.watchbox.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SeqTrackerTest {

    @Test
    void consecutiveSeqsSkipNothing() {
        SeqTracker seqs = new SeqTracker();

        assertEquals(0, seqs.accept(1));
        assertEquals(0, seqs.accept(2));
        assertEquals(2, seqs.last());
    }

    @Test
    void aJumpReportsExactlyTheMissingCount() {
        SeqTracker seqs = new SeqTracker();
        seqs.accept(1);

        assertEquals(4, seqs.accept(6));
        assertEquals(6, seqs.last());
    }

    @Test
    void oldAndRepeatedSeqsAreDuplicates() {
        SeqTracker seqs = new SeqTracker();
        seqs.accept(1);
        seqs.accept(2);
        seqs.accept(3);

        assertEquals(SeqTracker.DUPLICATE, seqs.accept(3));
        assertEquals(SeqTracker.DUPLICATE, seqs.accept(1));
        assertEquals(3, seqs.last());
    }

    @Test
    void resetStartsANewSessionAtOne() {
        SeqTracker seqs = new SeqTracker();
        seqs.accept(40);

        seqs.reset();

        assertEquals(0, seqs.last());
        assertEquals(0, seqs.accept(1));
    }
}

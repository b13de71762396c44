package io.watchbox.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InboxCodecTest {

    @Test
    void callsAnswersAndFailuresComeBackAsSent() {
        InboxFrame.Call call = (InboxFrame.Call) InboxCodec.decode(InboxCodec.call((byte) 3, 42, "replica-a",
                new byte[] {1, 2})).orElseThrow();
        assertEquals(3, call.kind());
        assertEquals(42, call.id());
        assertEquals("replica-a", call.from());
        assertArrayEquals(new byte[] {1, 2}, call.body());

        InboxFrame.Answer answer = (InboxFrame.Answer) InboxCodec.decode(InboxCodec.answer(42, new byte[] {9}))
                .orElseThrow();
        assertEquals(42, answer.id());
        assertArrayEquals(new byte[] {9}, answer.body());

        assertEquals(Optional.of(new InboxFrame.Failure(42, "java.lang.IllegalStateException", "no such thing ✓")),
                InboxCodec.decode(InboxCodec.failure(42, "java.lang.IllegalStateException", "no such thing ✓")));
        assertEquals(Optional.of(new InboxFrame.Failure(7, "java.lang.NullPointerException", null)),
                InboxCodec.decode(InboxCodec.failure(7, "java.lang.NullPointerException", null)));
        assertEquals(Optional.of(new InboxFrame.Withdraw(42, "replica-a")),
                InboxCodec.decode(InboxCodec.withdraw(42, "replica-a")));
    }

    @Test
    void aCallIsOfAPositiveKind() {
        assertThrows(IllegalArgumentException.class, () -> InboxCodec.call((byte) 0, 1, "a", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> InboxCodec.call((byte) -1, 1, "a", new byte[0]));
    }

    @Test
    void truncatedOrForeignBytesAreNoFrame() {
        for (byte[] frame : List.of(InboxCodec.failure(1, "java.lang.IllegalStateException", "boom"),
                InboxCodec.withdraw(1, "replica-a"))) {
            for (int length = 0; length < frame.length; length++) {
                byte[] cut = java.util.Arrays.copyOf(frame, length);
                assertEquals(Optional.empty(), InboxCodec.decode(cut), "cut at " + length);
            }
        }
        assertEquals(Optional.empty(), InboxCodec.decode("garbage".getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A replica of the version before failures reads a frame as an answer (type 0) or else as a
     * call of the type's kind, with the caller's id as a length and bytes; it answers no call of
     * kind -1, so it logs and ignores a failure, and its own call times out as it did.
     */
    @Test
    void aReplicaOfThePreviousVersionTakesAFailureForACallOfAKindItDoesNotAnswer() {
        ByteBuffer in = ByteBuffer.wrap(InboxCodec.failure(5, "java.lang.IllegalStateException", "boom"));
        assertEquals(1, in.get(), "the same version");
        byte type = in.get();
        in.getLong();
        int length = in.getInt();
        assertTrue(type < 0, "not an answer, and no kind of call any version answers");
        assertTrue(length >= 0 && length <= in.remaining(), "read as a call, not dropped as garbage halfway");
    }
}

package io.watchbox.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.watchbox.client.Message;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MessagePrinterTest {
    private final StringWriter out = new StringWriter();
    private final CompletableFuture<Integer> finished = new CompletableFuture<>();

    private static Message message(long seq, String group, String text) {
        return new Message(seq, group, text, "publisher");
    }

    private String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    @Test
    void printsEachMessageOnALineOfItsOwn() {
        MessagePrinter printer = new MessagePrinter(new PrintWriter(out, true), false, 0, finished);

        printer.onMessage(message(1, "sensors/kitchen/temp", "21.5"));
        printer.onMessage(message(2, "sensors/hall/temp", "19 degrees"));

        assertEquals(lines("21.5", "19 degrees"), out.toString());
        assertFalse(finished.isDone(), "without -C, sub goes on");
    }

    @Test
    void verbosePrintsTheGroupASpaceAndTheMessageAsMosquittoSubDoes() {
        MessagePrinter printer = new MessagePrinter(new PrintWriter(out, true), true, 0, finished);

        printer.onMessage(message(1, "sensors/kitchen/temp", "21.5"));
        printer.onMessage(message(2, "alerts", "door open"));

        assertEquals(lines("sensors/kitchen/temp 21.5", "alerts door open"), out.toString());
    }

    @Test
    void aCountEndsSubWithSuccessAtItsLastMessageAndPrintsNoMore() {
        MessagePrinter printer = new MessagePrinter(new PrintWriter(out, true), false, 2, finished);

        printer.onMessage(message(1, "g", "one"));
        assertFalse(finished.isDone());
        printer.onMessage(message(2, "g", "two"));
        assertEquals(Main.OK, finished.getNow(null));
        printer.onMessage(message(3, "g", "three"));

        assertEquals(lines("one", "two"), out.toString());
    }

    @Test
    void aMessageThatSeveralFiltersMatchIsPrintedAndCountedOnce() {
        MessagePrinter printer = new MessagePrinter(new PrintWriter(out, true), false, 2, finished);
        Message matchesBoth = message(1, "sensors/kitchen/temp", "21.5");

        printer.onMessage(matchesBoth);   // for sensors/#
        printer.onMessage(matchesBoth);   // for sensors/+/temp
        assertFalse(finished.isDone());
        printer.onMessage(message(2, "sensors/kitchen/temp", "21.5"));

        assertEquals(lines("21.5", "21.5"), out.toString(), "the same text again is another message");
        assertEquals(Main.OK, finished.getNow(null));
    }

    @Test
    void nothingIsPrintedOnceSubIsEndingForAnotherReason() {
        MessagePrinter printer = new MessagePrinter(new PrintWriter(out, true), false, 5, finished);
        finished.complete(Main.TIMED_OUT);

        printer.onMessage(message(1, "g", "late"));

        assertEquals("", out.toString());
        assertEquals(Main.TIMED_OUT, finished.getNow(null));
    }

    @Test
    void anOutputNobodyReadsAnyMoreEndsSubWithFailure() {
        Writer closedPipe = new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        MessagePrinter printer = new MessagePrinter(new PrintWriter(closedPipe, true), false, 0, finished);

        printer.onMessage(message(1, "g", "nobody reads this"));

        assertEquals(Main.FAILED, finished.getNow(null));
    }
}

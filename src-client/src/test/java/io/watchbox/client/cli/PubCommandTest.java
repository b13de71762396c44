package io.watchbox.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PubCommandTest {
    private final Console console = new Console();

    @Test
    void takesAGroupAndAMessage() {
        PubCommand pub = console.parse(PubCommand.class, "pub", "--url", "ws://example.org:1234/ctx/watchbox", "g",
                "hello world");

        assertEquals(URI.create("ws://example.org:1234/ctx/watchbox"), pub.connection.url);
        assertEquals("g", pub.group);
        assertEquals("hello world", pub.message);
        assertFalse(pub.lines);
    }

    @Test
    void withLinesTakesTheGroupAlone() {
        PubCommand pub = console.parse(PubCommand.class, "pub", "-l", "g");

        assertTrue(pub.lines);
        assertEquals("g", pub.group);
        assertNull(pub.message);
    }

    @Test
    void aMessageMayStartWithADashOrAnAt() {
        assertEquals("-5 degrees", console.parse(PubCommand.class, "pub", "--", "g", "-5 degrees").message);
        assertEquals("-5", console.parse(PubCommand.class, "pub", "g", "-5").message);
        assertEquals("@alice hi", console.parse(PubCommand.class, "pub", "g", "@alice hi").message,
                "not a file of arguments");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pub                  | Missing required parameter: 'GROUP'",
        "pub g                | MESSAGE is missing (or give -l to publish the lines of standard input)",
        "pub g hello world    | pub takes one MESSAGE, got 2; quote a message that has spaces",
        "pub -l g hello       | with -l the messages come from standard input, not from MESSAGE 'hello'",
        "pub -v g m           | Unknown option: '-v'",
        "pub -C 1 g m         | Unknown option: '-C'"})
    void badArgumentsSayWhatIsWrongAndExitWithTwo(String args, String expected) {
        assertEquals(Main.USAGE, console.run(args.split(" ")));

        assertTrue(console.err().startsWith("watchbox-cli pub: " + expected), console.err());
        assertTrue(console.err().contains("Usage: watchbox-cli pub"), console.err());
        assertEquals("", console.out());
    }

    @Test
    void anEmptyGroupIsBadArguments() {
        assertEquals(Main.USAGE, console.run("pub", "", "m"));

        assertTrue(console.err().contains("GROUP must not be empty"), console.err());
    }
}

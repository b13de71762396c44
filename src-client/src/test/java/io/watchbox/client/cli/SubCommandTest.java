package io.watchbox.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubCommandTest {
    private final Console console = new Console();

    @Test
    void takesOneOrMoreGroupsAndTheDefaultUrl() {
        SubCommand sub = console.parse(SubCommand.class, "sub", "a/+", "b/#");

        assertEquals(List.of("a/+", "b/#"), sub.groups);
        assertEquals(URI.create("ws://127.0.0.1:9080/watchbox"), sub.connection.url);
        assertFalse(sub.verbose);
        assertEquals(0, sub.count, "no -C: no end");
        assertEquals(0, sub.seconds, "no -W: no end");
    }

    @Test
    void takesMosquittoSubsVerboseCountAndTimeout() {
        SubCommand sub = console.parse(SubCommand.class, "sub", "-v", "-C", "3", "-W", "10", "g");

        assertTrue(sub.verbose);
        assertEquals(3, sub.count);
        assertEquals(10, sub.seconds);
    }

    @Test
    void shortOptionsMayBeClusteredAndComeAfterTheGroups() {
        SubCommand sub = console.parse(SubCommand.class, "sub", "g", "-vC2", "--url=wss://secure.example/watchbox");

        assertTrue(sub.verbose);
        assertEquals(2, sub.count);
        assertEquals(List.of("g"), sub.groups);
        assertEquals(URI.create("wss://secure.example/watchbox"), sub.connection.url);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sub                  | Missing required parameter: 'GROUP'",
        "sub -C 0 g           | -C needs a count of at least 1, not 0",
        "sub -C x g           | Invalid value for option '-C': 'x' is not an int",
        "sub -W 0 g           | -W needs at least 1 second, not 0",
        "sub -W 1.5 g         | Invalid value for option '-W': '1.5' is not an int",
        "sub -W g             | Invalid value for option '-W': 'g' is not an int",
        "sub -l g             | Unknown option: '-l'",
        "sub --user alice g   | Unknown option: '--user'"})
    void badArgumentsSayWhatIsWrongAndExitWithTwo(String args, String expected) {
        assertEquals(Main.USAGE, console.run(args.split(" ")));

        assertTrue(console.err().startsWith("watchbox-cli sub: " + expected), console.err());
        assertTrue(console.err().contains("Usage: watchbox-cli sub"), console.err());
        assertEquals("", console.out());
    }

    @Test
    void anEmptyGroupIsBadArguments() {
        assertEquals(Main.USAGE, console.run("sub", "g", ""));

        assertTrue(console.err().contains("GROUP must not be empty"), console.err());
    }
}

package io.watchbox.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.AnsweringServer;
import jakarta.json.Json;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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

    @Test
    void aMessageTheServerTookExitsWithZero() {
        AnsweringServer server = new AnsweringServer(pub -> Json.createObjectBuilder().add("type", "ok").add("delivered", 2));
        Console run = new Console("", Map.of(), server.serving());

        assertEquals(Main.OK, run.run("pub", "g", "hello"));

        assertEquals("hello", server.publishes().get(0).getString("msg"));
        assertEquals(List.of("published to g, delivered to 2 session(s)"), run.err().lines().toList());
    }

    @Test
    void aMessageTheServerDidNotRelayIsAWarningAndExitsWithThree() {
        AnsweringServer server = new AnsweringServer(pub -> Json.createObjectBuilder().add("type", "ok").add("delivered", 2)
                .add("relayed", false));
        Console run = new Console("", Map.of(), server.serving());

        assertEquals(Main.NOT_RELAYED, run.run("pub", "g", "hello"));

        assertEquals(List.of("published to g, delivered to 2 session(s)",
                "watchbox-cli pub: warning: not relayed to the other replicas: the server could not reach them (Redis out "
                        + "of reach), so only the subscribers on its own replica got it"), run.err().lines().toList());
        assertEquals("", run.out());
    }

    @Test
    void withLinesEachLineTheServerDidNotRelayIsNamedAndTheRunExitsWithThree() {
        AnsweringServer server = new AnsweringServer(pub -> {
            var ok = Json.createObjectBuilder().add("type", "ok").add("delivered", 1);
            return pub.getString("msg").contains("outage") ? ok.add("relayed", false) : ok;
        });
        Console run = new Console("before\nduring the outage\nafter\n", Map.of(), server.serving());

        assertEquals(Main.NOT_RELAYED, run.run("pub", "-l", "g"));

        assertEquals(3, server.publishes().size(), "the lines after it were sent");
        assertTrue(run.err().contains("watchbox-cli pub: warning: line 2 not relayed to the other replicas"), run.err());
        assertEquals("published 3 message(s) to g, 1 of them not relayed to the other replicas",
                run.err().lines().reduce((first, last) -> last).orElseThrow());
    }

    @Test
    void withLinesAllRelayedExitsWithZero() {
        AnsweringServer server = new AnsweringServer(pub -> Json.createObjectBuilder().add("type", "ok").add("delivered", 1));
        Console run = new Console("a\nb\n", Map.of(), server.serving());

        assertEquals(Main.OK, run.run("pub", "-l", "g"));

        assertEquals(List.of("published 2 message(s) to g"), run.err().lines().toList());
    }

    @Test
    void theHelpNamesTheExitStatusOfAMessageNotRelayed() {
        assertEquals(Main.OK, console.run("pub", "--help"));

        assertTrue(Pattern.compile("(?m)^\\s*3\\s+the server took every message, but did not relay one")
                .matcher(console.out()).find(), console.out());
    }
}

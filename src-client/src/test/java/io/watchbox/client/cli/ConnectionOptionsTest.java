package io.watchbox.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionOptionsTest {
    private final Console console = new Console();

    private ConnectionOptions sub(String... args) {
        String[] line = new String[args.length + 2];
        line[0] = "sub";
        System.arraycopy(args, 0, line, 1, args.length);
        line[line.length - 1] = "g";
        return console.parse(SubCommand.class, line).connection;
    }

    @Test
    void aTokenComesFromTheOptionOrTheEnvironment() {
        Map<String, String> environment = Map.of("WATCHBOX_TOKEN", "env");

        assertEquals("opt", sub("--token", "opt").token(Map.of()));
        assertEquals("env", sub().token(environment));
        assertEquals("opt", sub("--token=opt").token(environment), "the option wins");
        assertNull(sub().token(Map.of()));
        assertEquals("opt", console.parse(PubCommand.class, "pub", "--token", "opt", "g", "m").connection.token(Map.of()));
    }

    @Test
    void aUidMayBeGivenLongOrShortAsWithMosquittosId() {
        assertEquals("sensor-1", sub("--uid", "sensor-1").uid);
        assertEquals("sensor-1", sub("-i", "sensor-1").uid);
        assertNull(sub().uid, "by default the server makes one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad!", "a b", ""})
    void aUidOutsideTheContractIsBadArguments(String uid) {
        assertEquals(Main.USAGE, console.run("sub", "--uid", uid, "g"));

        assertTrue(console.err().startsWith("watchbox-cli sub: --uid: uid must be 1-64 characters of [A-Za-z0-9_-]"),
                console.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://host/watchbox | must be a ws:// or wss:// URL with a host",
        "ws:///watchbox       | must be a ws:// or wss:// URL with a host",
        "ws://host/a b        | not a valid URL"})
    void theUrlMustBeAWebSocketUrlWithAHost(String url, String expected) {
        assertEquals(Main.USAGE, console.run("pub", "--url", url, "g", "m"));

        assertTrue(console.err().startsWith("watchbox-cli pub: Invalid value for option '--url': " + expected),
                console.err());
    }

    @Test
    void wssTrustsTheJdkOrACertificateFileOrATrustStore() {
        assertEquals(TrustOptions.JDK, sub().trust());
        assertEquals(new TrustOptions(Path.of("ca.pem"), null, null),
                sub("--cacert", "ca.pem", "--url", "wss://localhost:9443/watchbox").trust());
        assertEquals(new TrustOptions(null, Path.of("trust.p12"), "pw"),
                sub("--truststore=trust.p12", "--truststore-password", "pw").trust());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sub --cacert ca.pem --truststore t.p12 g | --cacert and --truststore exclude each other",
        "sub --truststore-password pw g           | --truststore-password goes with --truststore",
        "sub g --cacert                           | Missing required parameter for option '--cacert' (FILE)"})
    void trustOptionsThatContradictEachOtherOrLackAFileAreBadArguments(String args, String expected) {
        assertEquals(Main.USAGE, console.run(args.strip().split(" +")));

        assertTrue(console.err().startsWith("watchbox-cli sub: " + expected), console.err());
    }
}

package io.watchbox.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.Keytool;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Console console = new Console();

    private static String unreachableUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        return "ws://127.0.0.1:" + closedPort + "/watchbox";
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpPrintsTheCommandsAndExitStatusesToStdoutAndSucceeds(String flag) {
        assertEquals(Main.OK, console.run(flag));

        assertTrue(console.out().startsWith("Usage: watchbox-cli"), console.out());
        assertTrue(console.out().contains("sub ") && console.out().contains("pub ") && console.out().contains("token "),
                console.out());
        assertTrue(console.out().contains("27"), "the -W status: " + console.out());
        assertEquals("", console.err());
    }

    @Test
    void eachCommandHasItsOwnHelpEvenWithOtherArguments() {
        assertEquals(Main.OK, console.run("sub", "--help"));
        assertTrue(console.out().contains("Usage: watchbox-cli sub"), console.out());
        assertTrue(console.out().contains("-C=COUNT") && console.out().contains("-W=SECONDS")
                && console.out().contains("-v, --verbose") && console.out().contains("-i, --uid"), console.out());

        assertEquals(Main.OK, new Console().run("pub", "only-a-group", "-h"));
    }

    @Test
    void badArgumentsPrintTheProblemAndSynopsisToStderrAndExitWithTwo() {
        assertEquals(Main.USAGE, console.run("pub", "only-a-group"));

        assertTrue(console.err().startsWith("watchbox-cli pub: MESSAGE is missing"), console.err());
        assertTrue(console.err().contains("Usage: watchbox-cli pub"), console.err());
        assertTrue(console.err().contains("Try 'watchbox-cli pub --help'"), console.err());
        assertEquals("", console.out());
    }

    @Test
    void anUnknownOrMissingCommandIsBadArguments() {
        assertEquals(Main.USAGE, console.run("publish", "g", "m"));
        assertTrue(console.err().startsWith("watchbox-cli: unknown command 'publish' (expected sub, pub or token)"),
                console.err());

        Console none = new Console();
        assertEquals(Main.USAGE, none.run());
        assertTrue(none.err().startsWith("watchbox-cli: missing command (sub, pub or token)"), none.err());
    }

    @Test
    void aCertificateFileThatCannotBeReadIsAFailureNamingTheOption() {
        assertEquals(Main.FAILED,
                console.run("pub", "--cacert", "no/such/ca.pem", "--url", "wss://127.0.0.1:9443/watchbox", "g", "m"));

        assertTrue(console.err().contains("watchbox-cli pub: cannot use --cacert no/such/ca.pem: NoSuchFileException"),
                console.err());
    }

    @Test
    void tokenPrintsTheSignedTokenAloneOnStdout(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("jwt.p12");
        Keytool.run("-genkeypair", "-alias", "jwt", "-keyalg", "RSA", "-keysize", "2048", "-validity", "1",
                "-dname", "CN=watchbox-test", "-storetype", "PKCS12", "-keystore", key.toString(), "-storepass", "test-only");

        assertEquals(Main.OK, console.run("token", "--user", "alice", "--key", key.toString(), "--key-password", "test-only"));

        assertTrue(console.out().matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+\\R"), console.out());
        assertTrue(console.err().contains("token for alice") && console.err().contains("for development only"),
                console.err());
    }

    @Test
    void tokenWithoutTheDevelopmentKeySaysHowToMakeIt() {
        // The tests run in src-client/, where liberty/target/dev-keys/jwt.p12 is not.
        assertEquals(Main.FAILED, console.run("token", "--user", "alice"));

        assertTrue(console.err().contains("watchbox-cli token: no key at liberty/target/dev-keys/jwt.p12: run ./mvnw package"),
                console.err());
        assertEquals("", console.out());
    }

    @Test
    void pubToAnUnreachableServerFailsWithAClearMessage() throws IOException {
        String url = unreachableUrl();

        int status = assertTimeoutPreemptively(WAIT, () -> console.run("pub", "--url", url, "g", "m"));

        assertEquals(Main.FAILED, status);
        assertTrue(console.err().startsWith("watchbox-cli pub: cannot connect to " + url), console.err());
    }

    @Test
    void pubOfLinesToAnUnreachableServerFailsBeforeReadingThem() throws IOException {
        String url = unreachableUrl();
        Console lines = new Console("one\ntwo\n", Map.of());

        int status = assertTimeoutPreemptively(WAIT, () -> lines.run("pub", "-l", "--url", url, "g"));

        assertEquals(Main.FAILED, status);
        assertTrue(lines.err().startsWith("watchbox-cli pub: cannot connect to " + url), lines.err());
    }

    @Test
    void subWithATimeoutGivesUpOnAnUnreachableServerWithMosquittosStatus() throws IOException {
        String url = unreachableUrl();

        int status = assertTimeoutPreemptively(WAIT, () -> console.run("sub", "-W", "1", "--url", url, "g"));

        assertEquals(Main.TIMED_OUT, status);
        assertEquals(27, status);
        assertTrue(console.err().contains("watchbox-cli sub: timed out after 1 s (-W)"), console.err());
        assertEquals("", console.out());
    }
}

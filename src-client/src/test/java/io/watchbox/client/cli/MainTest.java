package io.watchbox.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.Keytool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsUsageToStdoutAndSucceeds() {
        assertEquals(0, main.run("--help"));
        assertTrue(out().contains("Usage:"), out());
        assertEquals("", err());
    }

    @Test
    void badArgumentsPrintTheProblemAndUsageToStderrAndExitWithTwo() {
        assertEquals(2, main.run("pub", "only-a-group"));
        assertTrue(err().contains("pub needs exactly GROUP and MESSAGE"), err());
        assertTrue(err().contains("Usage:"), err());
        assertEquals("", out());
    }

    @Test
    void aCertificateFileThatCannotBeReadIsAFailureNamingTheOption() {
        assertEquals(1, main.run("pub", "--cacert", "no/such/ca.pem", "--url", "wss://127.0.0.1:9443/watchbox", "g", "m"));
        assertTrue(err().contains("watchbox-cli pub: cannot use --cacert no/such/ca.pem: NoSuchFileException"), err());
    }

    @Test
    void tokenPrintsTheSignedTokenAloneOnStdout(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("jwt.p12");
        Keytool.run("-genkeypair", "-alias", "jwt", "-keyalg", "RSA", "-keysize", "2048", "-validity", "1",
                "-dname", "CN=watchbox-test", "-storetype", "PKCS12", "-keystore", key.toString(), "-storepass", "test-only");

        assertEquals(0, main.run("token", "--user", "alice", "--key", key.toString(), "--key-password", "test-only"));

        assertTrue(out().matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+\\R"), out());
        assertTrue(err().contains("token for alice") && err().contains("for development only"), err());
    }

    @Test
    void tokenWithoutTheDevelopmentKeySaysHowToMakeIt() {
        // The tests run in src-client/, where liberty/target/dev-keys/jwt.p12 is not.
        assertEquals(1, main.run("token", "--user", "alice"));

        assertTrue(err().contains("no key at liberty/target/dev-keys/jwt.p12: run ./mvnw package"), err());
        assertEquals("", out());
    }

    @Test
    void pubToAnUnreachableServerFailsWithAClearMessage() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "ws://127.0.0.1:" + closedPort + "/watchbox";

        int status = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> main.run("pub", "--url", url, "g", "m"));

        assertEquals(1, status);
        assertTrue(err().contains("watchbox-cli pub:") && err().contains(url), err());
    }
}

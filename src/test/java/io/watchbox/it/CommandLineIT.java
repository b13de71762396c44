package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** watchbox-cli.jar's sub, pub and token against the real server, as a user runs them. */
class CommandLineIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void subPrintsWhatPubPublishes() throws Exception {
        String group = Names.group("cli");
        Process sub = cli("sub", "--url", Server.webSocketUri().toString(), group);
        try {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (Exception ignored) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            await().atMost(WAIT).until(() -> Server.json(Server.get("/clients").body()).asJsonArray().stream()
                    .anyMatch(c -> c.asJsonObject().getJsonArray("groups").toString().contains(group)));

            Process pub = cli("pub", "--url", Server.webSocketUri().toString(), group, "hello from the cli");
            assertTrue(pub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(0, pub.exitValue(), new String(pub.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("hello from the cli", lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        } finally {
            sub.destroy();
            sub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void pubToAnUnreachableServerFailsWithAClearMessage() throws Exception {
        Process pub = cli("pub", "--url", "ws://127.0.0.1:1/watchbox", "g", "m");
        assertTrue(pub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertNotEquals(0, pub.exitValue());
        String stderr = new String(pub.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(!stderr.isBlank(), "an explanation on stderr");
    }

    @Test
    void aTokenMintedByTheCliWithAKeyTheServerTrustsSignsInItsUser() throws Exception {
        // The test servers trust the test key pair with issuer watchbox-it (see src/test/resources/jwt).
        Path key = Path.of(CommandLineIT.class.getClassLoader().getResource("jwt/test-private-key.pem").toURI());
        Process token = cli("token", "--user", "carol", "--roles", "staff", "--expires", "5m",
                "--key", key.toString(), "--issuer", "watchbox-it");
        String jwt = new String(token.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(token.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, token.exitValue(), new String(token.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));

        try (RawClient client = RawClient.connect()) {
            client.send("{\"type\":\"hello\",\"token\":\"" + jwt + "\"}");
            assertEquals("carol", client.expect("welcome").getString("user"));
        }
    }

    @Test
    void badArgumentsExitWithUsage() throws Exception {
        Process bad = cli("frobnicate");
        assertTrue(bad.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(2, bad.exitValue());
    }

    /** Starts watchbox-cli.jar as a user runs it. */
    static Process cli(String... args) throws Exception {
        String java = new File(System.getProperty("java.home"), "bin/java").getPath();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", System.getProperty("watchbox.it.cli")));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }
}

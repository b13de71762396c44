package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** watchbox-cli.jar's sub, pub and token against the real server, as a user runs them, with mosquitto's habits. */
class CommandLineIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void subPrintsWhatPubPublishes() throws Exception {
        String group = Names.group("cli");
        Process sub = cli("sub", "--url", Server.webSocketUri().toString(), group);
        try {
            BlockingQueue<String> lines = lines(sub);
            awaitSubscribed(sub, group);

            Process pub = cli("pub", "--url", Server.webSocketUri().toString(), group, "hello from the cli");
            assertTrue(pub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(0, pub.exitValue(), stderr(pub));
            assertEquals("hello from the cli", lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        } finally {
            sub.destroy();
            sub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void subVerbosePrintsTheGroupBeforeEachMessageOnceAndACountEndsItWithSuccess() throws Exception {
        String group = Names.group("cli-v");
        // Both filters match every message; the server sends each once, and sub prints it once.
        Process sub = cli("sub", "-v", "-C", "2", "--url", Server.webSocketUri().toString(), group + "/#", group + "/+");
        try {
            awaitSubscribed(sub, group + "/#");
            awaitSubscribed(sub, group + "/+");

            Server.publish(group + "/kitchen", "21.5");
            Server.publish(group + "/hall", "19 degrees");
            Server.publish(group + "/hall", "one too many");

            assertTrue(sub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "sub exits by itself after -C messages");
            assertEquals(0, sub.exitValue(), stderr(sub));
            assertEquals(List.of(group + "/kitchen 21.5", group + "/hall 19 degrees"), stdout(sub));
        } finally {
            sub.destroyForcibly();
        }
    }

    @Test
    void pubWithLinesPublishesEachLineOfStdinInOrderAndSkipsEmptyOnes() throws Exception {
        String group = Names.group("cli-l");
        Process sub = cli("sub", "-C", "3", "--url", Server.webSocketUri().toString(), group);
        try {
            awaitSubscribed(sub, group);

            Process pub = cli("pub", "-l", "--url", Server.webSocketUri().toString(), group);
            try (OutputStream stdin = pub.getOutputStream()) {
                stdin.write("first line\n\nsecond\r\nthird, the last\n".getBytes(StandardCharsets.UTF_8));
            }
            assertTrue(pub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
            String pubErr = stderr(pub);
            assertEquals(0, pub.exitValue(), pubErr);
            assertTrue(pubErr.contains("published 3 message(s) to " + group), pubErr);

            assertTrue(sub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(0, sub.exitValue(), stderr(sub));
            assertEquals(List.of("first line", "second", "third, the last"), stdout(sub));
        } finally {
            sub.destroyForcibly();
        }
    }

    @Test
    void subWithATimeoutExitsWith27AsMosquittoSubDoesEvenAfterSomeMessagesAndSaysBye() throws Exception {
        String group = Names.group("cli-w");
        String uid = Names.uid("cli-w");
        long started = System.nanoTime();
        // Time enough to start and subscribe on a busy machine, so that the one message comes before the end.
        Process sub = cli("sub", "-C", "5", "-W", "10", "--uid", uid, "--url", Server.webSocketUri().toString(), group);
        try {
            awaitSubscribed(sub, group);
            Server.publish(group, "only one of five");

            assertTrue(sub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "sub exits by itself after -W seconds");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) >= 0);
            String subErr = stderr(sub);
            assertEquals(27, sub.exitValue(), subErr);
            assertTrue(subErr.contains("timed out after 10 s (-W)"), subErr);
            assertEquals(List.of("only one of five"), stdout(sub));
            await().atMost(WAIT).until(() -> Server.events(uid).stream().map(e -> e.asJsonObject())
                    .anyMatch(e -> e.getString("kind").equals("timeout")));
            assertTrue(Server.events(uid).stream().map(e -> e.asJsonObject())
                    .filter(e -> e.getString("kind").equals("timeout"))
                    .allMatch(e -> e.getString("reason").equals("LEFT")), "it said bye: " + Server.events(uid));
        } finally {
            sub.destroyForcibly();
        }
    }

    @Test
    void aUidGivenToSubNamesItsSession() throws Exception {
        String group = Names.group("cli-uid");
        String uid = Names.uid("cli-uid");
        Process sub = cli("sub", "-C", "1", "-i", uid, "--url", Server.webSocketUri().toString(), group);
        try {
            await().atMost(WAIT).until(() -> {
                JsonObject client = Server.client(uid);
                return client != null && client.getJsonArray("groups").toString().contains(group);
            });

            Server.publish(group, "for " + uid);

            assertTrue(sub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(0, sub.exitValue(), stderr(sub));
            assertEquals(List.of("for " + uid), stdout(sub));
        } finally {
            sub.destroyForcibly();
        }
    }

    @Test
    void pubToAnUnreachableServerFailsWithAClearMessage() throws Exception {
        Process pub = cli("pub", "--url", "ws://127.0.0.1:1/watchbox", "g", "m");
        assertTrue(pub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertNotEquals(0, pub.exitValue());
        assertTrue(!stderr(pub).isBlank(), "an explanation on stderr");
    }

    @Test
    void aTokenMintedByTheCliWithAKeyTheServerTrustsSignsInItsUser() throws Exception {
        // The test servers trust the test key pair with issuer watchbox-it (see src/test/resources/jwt).
        Path key = Path.of(CommandLineIT.class.getClassLoader().getResource("jwt/test-private-key.pem").toURI());
        Process token = cli("token", "--user", "carol", "--roles", "staff", "--expires", "5m",
                "--key", key.toString(), "--issuer", "watchbox-it");
        String jwt = new String(token.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(token.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, token.exitValue(), stderr(token));

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
        assertTrue(stderr(bad).startsWith("watchbox-cli: unknown command 'frobnicate'"));

        Process badCount = cli("sub", "-C", "none", "g");
        assertTrue(badCount.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(2, badCount.exitValue());
        assertTrue(stderr(badCount).startsWith("watchbox-cli sub: Invalid value for option '-C'"));
    }

    /** Waits until some session is subscribed to exactly this group or filter; fails at once if sub has ended. */
    private static void awaitSubscribed(Process sub, String group) {
        await().atMost(WAIT).until(() -> {
            if (!sub.isAlive()) {
                throw new AssertionError("sub ended with " + sub.exitValue() + " before subscribing: " + stderr(sub));
            }
            return Server.json(Server.get("/clients").body()).asJsonArray().stream()
                    .anyMatch(c -> c.asJsonObject().getJsonArray("groups").stream()
                            .anyMatch(g -> g instanceof JsonString name && name.getString().equals(group)));
        });
    }

    /** The lines a running process prints, as they come. */
    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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
        return lines;
    }

    /** Everything an ended process printed on stdout, by line. */
    private static List<String> stdout(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }

    private static String stderr(Process process) throws IOException {
        return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Starts watchbox-cli.jar as a user runs it. */
    static Process cli(String... args) throws Exception {
        String java = new File(System.getProperty("java.home"), "bin/java").getPath();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", System.getProperty("watchbox.it.cli")));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }
}

package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Log forging (contract: Identity and access, bounds): text from a client is escaped before it is
 * logged, so a newline in it cannot start a line of the server's log that looks like the server's own.
 */
class LogForgingIT {

    @Test
    void aNewlineInAFrameTypeStaysInsideItsLogEntry() {
        // Short: the log quotes at most 64 characters of an unknown type.
        String forged = "FORGED-" + UUID.randomUUID().toString().substring(0, 8) + " Watchbox stopped";
        try (RawClient client = RawClient.hello(null)) {
            // JSON's \n escape: the type the server decodes holds a real newline.
            client.send("{\"type\":\"x\\n" + forged + "\"}");
            assertEquals("unknown-type", client.expect("error").getString("code"));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> logLines().stream().anyMatch(l -> l.contains(forged)));
        List<String> mentioning = logLines().stream().filter(line -> line.contains(forged)).toList();
        assertTrue(mentioning.stream().noneMatch(line -> line.startsWith(forged)), () -> "forged lines: " + mentioning);
        assertTrue(mentioning.stream().allMatch(line -> line.contains("x\\u000a" + forged)), () -> "not escaped: " + mentioning);
    }

    /** The test server's log: Liberty's messages.log, or the file Payara Micro's output goes to. */
    private static List<String> logLines() {
        String payara = System.getProperty("watchbox.it.payara.log");
        Path log = payara != null ? Path.of(payara) : Path.of(System.getProperty("watchbox.it.wlp"), "usr", "servers",
                System.getProperty("watchbox.it.server"), "logs", "messages.log");
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

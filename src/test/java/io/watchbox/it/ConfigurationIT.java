package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The settings come from MicroProfile Config, and a bad one stops the deployment, naming itself. */
class ConfigurationIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void theWelcomeCarriesTheConfiguredSettings() {
        try (RawClient client = RawClient.connect()) {
            client.send("{\"type\":\"hello\"}");
            var welcome = client.expect("welcome");
            assertEquals(Server.TIMEOUT_SECONDS, welcome.getInt("timeout"));
            assertEquals(Server.LISTLIMIT, welcome.getInt("listlimit"));
        }
    }

    @Test
    void anOutOfRangeSettingStopsTheDeploymentWithAMessageNamingKeyValueAndRange() throws Exception {
        Path serverDir = Path.of(System.getProperty("watchbox.it.wlp"), "usr", "servers", System.getProperty("watchbox.it.server"));
        Path jvmOptions = serverDir.resolve("jvm.options");
        Path log = serverDir.resolve("logs").resolve("messages.log");
        String original = Files.readString(jvmOptions);
        try {
            Server.liberty("stop");
            Files.writeString(jvmOptions, original + System.lineSeparator() + "-Dwatchbox.timeout=0" + System.lineSeparator());
            // `server start` itself reports the failed application with a non-zero exit code.
            Server.runLiberty("start");
            // CWWKZ0012I: the application was not started; CWWKZ0001I: it was.
            await().atMost(WAIT).until(() -> Files.exists(log)
                    && Files.readString(log, StandardCharsets.UTF_8).matches("(?s).*CWWKZ00(12|01)I.*"));
            String messages = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(messages.contains("CWWKZ0012I"), "the application was not started");
            assertTrue(messages.contains("Watchbox setting watchbox.timeout=0 is out of range; allowed: 1-2147483 seconds"),
                    "the log names the key, the value and the range");
            assertEquals(404, Server.get("/stats").statusCode(), "the application did not start");
        } finally {
            Server.liberty("stop");
            Files.writeString(jvmOptions, original);
            Server.liberty("start");
            await().atMost(WAIT).until(() -> Server.get("/stats").statusCode() == 200);
        }
    }
}

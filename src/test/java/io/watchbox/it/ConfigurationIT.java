package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The settings come from MicroProfile Config, and a bad one stops the deployment, naming itself. */
@Tag("liberty")
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
        withSystemProperty("-Dwatchbox.timeout=0", () -> {
            String messages = awaitDeployment();
            assertTrue(messages.contains("CWWKZ0012I"), "the application was not started");
            assertTrue(messages.contains("Watchbox setting watchbox.timeout=0 is out of range; allowed: 1-2147483 seconds"),
                    "the log names the key, the value and the range");
            assertEquals(404, Server.get("/stats").statusCode(), "the application did not start");
        });
    }

    @Test
    void aBadPathStopsTheDeploymentNamingTheKey() throws Exception {
        withSystemProperty("-Dwatchbox.path=live/", () -> {
            String messages = awaitDeployment();
            assertTrue(messages.contains("CWWKZ0012I"), "the application was not started");
            assertTrue(messages.contains("Watchbox setting watchbox.path=live/ is out of range"),
                    "the log names the key and the value");
        });
    }

    @Test
    void watchboxPathMovesTheWebSocketEndpointTheApiTheBrowserClientAndTheDashboard() throws Exception {
        withSystemProperty("-Dwatchbox.path=/apps/live", () -> {
            assertTrue(awaitDeployment().contains("CWWKZ0001I"), "the application started");
            String group = Names.group("moved");
            try (RawClient client = RawClient.connectTo(URI.create(Server.webSocketUri().toString()
                    .replaceFirst("/watchbox$", "/apps/live")))) {
                client.send("{\"type\":\"hello\"}");
                client.expect("welcome");
                PubSubIT.subscribe(client, group);
                HttpResponse<String> published = Server.send(HttpRequest.newBuilder(
                        URI.create(Server.baseUrl() + "/apps/live/api/groups/" + group + "/messages"))
                        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("moved")));
                assertEquals(202, published.statusCode(), published::body);
                assertEquals("moved", client.expect("msg").getString("msg"));
            }
            assertEquals(404, Server.get("/stats").statusCode(), "nothing is left at /watchbox/api");
            HttpResponse<String> script = Server.send(HttpRequest.newBuilder(
                    URI.create(Server.baseUrl() + "/apps/live/watchbox.js")).GET());
            assertEquals(200, script.statusCode());
            assertTrue(script.body().contains("export function connect"), "the browser client moved too");
            for (String file : List.of("", "dashboard.js", "dashboard.css", "vendor/uPlot.esm.js")) {
                HttpResponse<String> dashboard = Server.send(HttpRequest.newBuilder(
                        URI.create(Server.baseUrl() + "/apps/live/dashboard/" + file)).GET());
                assertEquals(200, dashboard.statusCode(), "the dashboard moved too: " + file);
            }
            assertEquals(404, Server.send(HttpRequest.newBuilder(
                    URI.create(Server.baseUrl() + "/watchbox/dashboard/")).GET()).statusCode());
        });
    }

    /** Restarts the server with one more JVM option, runs the check, and restores the server. */
    private static void withSystemProperty(String option, ThrowingRunnable check) throws Exception {
        Path jvmOptions = serverDir().resolve("jvm.options");
        String original = Files.readString(jvmOptions);
        try {
            Server.liberty("stop");
            Files.deleteIfExists(messagesLog());
            Files.writeString(jvmOptions, original + System.lineSeparator() + option + System.lineSeparator());
            // `server start` itself reports a failed application with a non-zero exit code.
            Server.runLiberty("start");
            check.run();
        } finally {
            Server.liberty("stop");
            Files.writeString(jvmOptions, original);
            Server.liberty("start");
            await().atMost(WAIT).until(() -> Server.get("/stats").statusCode() == 200);
        }
    }

    /** The log once the application has started (CWWKZ0001I) or failed to (CWWKZ0012I). */
    private static String awaitDeployment() throws IOException {
        await().atMost(WAIT).until(() -> Files.exists(messagesLog())
                && Files.readString(messagesLog(), StandardCharsets.UTF_8).matches("(?s).*CWWKZ00(12|01)I.*"));
        return Files.readString(messagesLog(), StandardCharsets.UTF_8);
    }

    private static Path serverDir() {
        return Path.of(System.getProperty("watchbox.it.wlp"), "usr", "servers", System.getProperty("watchbox.it.server"));
    }

    private static Path messagesLog() {
        return serverDir().resolve("logs").resolve("messages.log");
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}

package io.watchbox.example;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar the build makes (target/watchbox.jar, the bundled server minified) started as a
 * user would, {@code java -jar watchbox.jar}, on a free port: it serves the WebSocket endpoint, the
 * REST API, health and metrics, and stops on SIGTERM.
 */
class RunnableJarIT {

    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();

    private static Process server;
    private static String base;
    private static Path console;
    private static Path extract;

    @BeforeAll
    static void start() throws IOException {
        Path jar = Path.of(System.getProperty("example.it.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is built at package");
        Path work = jar.resolveSibling("runnable-jar-it");
        Files.createDirectories(work);
        console = work.resolve("console.log");
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        ProcessBuilder launch = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(console.toFile());
        // server.xml's variables from the environment, as docs/getting-started.md tells users; the jar unpacks
        // itself under target/ rather than ~/wlp/extract.
        launch.environment().put("HTTP_PORT", Integer.toString(port));
        launch.environment().put("HTTPS_PORT", "-1");
        extract = work.resolve("extract");
        delete(extract); // the jar will not unpack into a directory that exists
        launch.environment().put("WLP_JAR_EXTRACT_DIR", extract.toString());
        server = launch.start();
        await("the jar's /health/ready, see " + console).atMost(START).pollInterval(Duration.ofMillis(500))
                .failFast("the jar exited, see " + console, () -> !server.isAlive())
                .ignoreExceptions().until(() -> get("/health/ready").statusCode() == 200);
    }

    @AfterAll
    static void stop() throws InterruptedException, IOException {
        if (server == null) {
            return;
        }
        server.descendants().forEach(ProcessHandle::destroy);
        server.destroy();
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
            server.waitFor(60, TimeUnit.SECONDS);
        }
        // The unpacked runtime (about 90 MB): the jar leaves a directory it was told to use.
        delete(extract);
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    @Test
    void aClientSubscribesAndGetsWhatRestPublishes() throws Exception {
        BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        WebSocket socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(base.replace("http:", "ws:") + "/watchbox"), new Frames(frames))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        try {
            socket.sendText("{\"type\":\"hello\",\"uid\":\"jar-it\"}", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals("welcome", next(frames).getString("type"));
            socket.sendText("{\"type\":\"sub\",\"group\":\"jar\",\"id\":1}", true);
            assertEquals("ok", next(frames).getString("type"));

            HttpResponse<String> published = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/watchbox/api/groups/jar/messages"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("from REST")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, published.statusCode(), published.body());
            JsonObject message = next(frames);
            assertEquals("msg", message.getString("type"));
            assertEquals("jar", message.getString("group"));
            assertEquals("from REST", message.getString("msg"));
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
        }
    }

    @Test
    void itServesHealthAndMetrics() throws Exception {
        HttpResponse<String> live = get("/health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertTrue(live.body().contains("watchbox-live"), live.body());
        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode(), metrics.body());
        assertTrue(metrics.body().lines().anyMatch(line -> line.startsWith("watchbox_sessions")), "watchbox_ gauges in /metrics");
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject next(BlockingQueue<JsonObject> frames) throws InterruptedException {
        JsonObject frame = frames.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(frame != null, "a frame within " + WAIT);
        return frame;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Each text frame as a JSON object (one object per frame: the hello does not ask for batches). */
    private static final class Frames implements WebSocket.Listener {
        private final BlockingQueue<JsonObject> into;
        private final StringBuilder pending = new StringBuilder();

        Frames(BlockingQueue<JsonObject> into) {
            this.into = into;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            pending.append(data);
            if (last) {
                into.add(Json.createReader(new StringReader(pending.toString())).readObject());
                pending.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}

package io.watchbox.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * One more server with the integration tests' WAR, in cluster mode on a given Redis, on a free port:
 * an Open Liberty server of its own in the build's Liberty installation, or a Payara Micro like
 * {@link PayaraMicro}'s. Same settings as the main test servers, plus {@code watchbox.cluster.redis}.
 */
abstract class ClusterReplica implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final int port;
    final String redis;

    ClusterReplica(String name, int port, String redis) {
        this.name = name;
        this.port = port;
        this.redis = redis;
    }

    /** Skips the calling test unless the build gave what the replicas need (failsafe's properties). */
    static void assumeConfigured() {
        for (String key : List.of("watchbox.it.cluster.wlp", "watchbox.it.cluster.war", "watchbox.it.cluster.payara.jar")) {
            if (System.getProperty(key) == null) {
                String reason = "skipped: run the cluster tests with ./mvnw verify (" + key + " is not set)";
                System.out.println(reason);
                Assumptions.assumeTrue(false, reason);
            }
        }
    }

    List<String> settings() {
        return List.of("-Dwatchbox.timeout=" + Server.TIMEOUT_SECONDS, "-Dwatchbox.listlimit=" + Server.LISTLIMIT,
                "-Dwatchbox.maxmessage=" + Server.MAXMESSAGE, "-Dwatchbox.ratelimit=" + Server.RATELIMIT,
                "-Dwatchbox.maxqueuedbytes=" + Server.MAXQUEUEDBYTES, "-Dwatchbox.cluster.redis=" + redis,
                "-Dwatchbox.cluster.name=it");
    }

    /** Launches the server; {@link #awaitDeployed()} waits for it. */
    abstract void start() throws IOException, InterruptedException;

    abstract Path log();

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    URI webSocket() {
        return URI.create("ws://127.0.0.1:" + port + "/watchbox");
    }

    URI api(String path) {
        return URI.create(baseUrl() + "/watchbox/api" + path);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the test application answers and the WebSocket endpoint takes a handshake. */
    void awaitDeployed() {
        await("replica " + name + " deployed (log: " + log() + ")").atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                    if (get("/it/events?uid=probe").statusCode() != 200) {
                        return false;
                    }
                    HTTP.newWebSocketBuilder().buildAsync(webSocket(), new java.net.http.WebSocket.Listener() { })
                            .get(5, TimeUnit.SECONDS).abort();
                    return true;
                });
    }

    /** An Open Liberty server of its own, created in the build's Liberty installation. */
    static final class Liberty extends ClusterReplica {
        private final Path wlp = Path.of(System.getProperty("watchbox.it.cluster.wlp"));

        Liberty(String name, int port, String redis) {
            super(name, port, redis);
        }

        private Path dir() {
            return wlp.resolve("usr").resolve("servers").resolve(name);
        }

        @Override
        Path log() {
            return dir().resolve("logs").resolve("console.log");
        }

        @Override
        void start() throws IOException, InterruptedException {
            Path dir = dir();
            delete(dir);
            Files.createDirectories(dir.resolve("apps"));
            Files.writeString(dir.resolve("server.xml"), "<server description=\"Watchbox cluster replica\">\n"
                    + "    <include location=\"${bundled.server.xml}\"/>\n</server>\n");
            Path bundled = Path.of(System.getProperty("watchbox.it.cluster.bundled.server.xml"));
            Files.writeString(dir.resolve("bootstrap.properties"), "http.port=" + port + "\nhttps.port=-1\n"
                    + "http.host=127.0.0.1\ndev.keys=" + System.getProperty("watchbox.it.cluster.devkeys")
                    + "\nbundled.server.xml=" + bundled + "\n");
            Files.writeString(dir.resolve("jvm.options"), String.join("\n", settings()) + "\n");
            copy(Path.of(System.getProperty("watchbox.it.cluster.war")), dir.resolve("apps").resolve("watchbox.war"));
            run("start");
        }

        private void run(String action) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(wlp.resolve("bin").resolve("server").toString(), action, name)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("server " + action + " " + name + " did not finish");
            }
        }

        @Override
        public void close() throws Exception {
            run("stop");
        }

        private static void copy(Path from, Path to) throws IOException {
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = to.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }

        private static void delete(Path dir) throws IOException {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** A Payara Micro, launched as {@link PayaraMicro} launches the main one. */
    static final class Payara extends ClusterReplica {
        private final Path root;
        private Process process;

        Payara(String name, int port, String redis) {
            super(name, port, redis);
            root = Path.of(System.getProperty("watchbox.it.cluster.payara.jar")).getParent().resolve(name);
        }

        @Override
        Path log() {
            return root.resolve("payara.log");
        }

        @Override
        void start() throws IOException {
            Files.createDirectories(root);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m"));
            command.addAll(settings());
            command.addAll(List.of("-jar", System.getProperty("watchbox.it.cluster.payara.jar"), "--nocluster",
                    "--port", Integer.toString(port), "--rootdir", root.resolve("root").toString(),
                    "--deploy", System.getProperty("watchbox.it.cluster.war"), "--contextroot", "/"));
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log().toFile())).start();
        }

        @Override
        void awaitDeployed() {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro " + name + " exited; its log: " + log());
            }
            super.awaitDeployed();
        }

        @Override
        public void close() throws Exception {
            if (process == null) {
                return;
            }
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " " + name + " at " + baseUrl();
    }
}

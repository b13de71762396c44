package io.watchbox.it;

import static org.awaitility.Awaitility.await;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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
 * Either runs as a child process of the test JVM, so that it can be killed, and stopped and
 * started again on the same port.
 */
abstract class ClusterReplica implements AutoCloseable {

    /** How a replica goes down: as an operator stops it, or as a crash. */
    enum Stop { GRACEFUL, KILL }

    /** Whether the replicas mirror their sessions in Redis ({@code watchbox.cluster.mirror}), as the build says. */
    static final boolean MIRROR = Boolean.getBoolean("watchbox.it.cluster.mirror");

    /**
     * The replicas' {@code watchbox.timeout}, longer than a single server's in these tests: a cluster
     * test's steps (a view that waits for every replica's answer, publishes through REST) take
     * seconds on a loaded two-core machine, and a session must outlive them while its client is away.
     * No cluster test waits for a session to time out.
     */
    static final int TIMEOUT_SECONDS = 10;

    static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1) // no h2c upgrade: see Server
            .connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final int port;
    final String redis;
    private volatile Process process;

    ClusterReplica(String name, int port, String redis) {
        this.name = name;
        this.port = port;
        this.redis = redis;
    }

    /** Skips the calling test unless the build gave what the replicas need (failsafe's properties). */
    static void assumeConfigured() {
        for (String key : List.of("watchbox.it.cluster.wlp", "watchbox.it.cluster.war", "watchbox.it.cluster.payara.jar",
                "watchbox.it.cluster.dir")) {
            if (System.getProperty(key) == null) {
                String reason = "skipped: run the cluster tests with ./mvnw verify (" + key + " is not set)";
                System.out.println(reason);
                Assumptions.assumeTrue(false, reason);
            }
        }
    }

    /**
     * The JVM options: Watchbox's settings, and the quick JIT only: three servers start side by side,
     * and restart during the chaos run, on two cores, where the optimizing compiler's work at start-up
     * costs more than its code saves.
     */
    List<String> settings() {
        return List.of("-XX:TieredStopAtLevel=1",
                "-Dwatchbox.timeout=" + TIMEOUT_SECONDS, "-Dwatchbox.listlimit=" + Server.LISTLIMIT,
                // A persistent MQTT session waits as long as a JSON one (3.1.1's asks for ever): ClusterChaosIT's
                // MQTT subscriber away longer gets a new session, which says it may have missed messages,
                // rather than one whose queue overflowed while it waited, which MQTT cannot tell its client.
                "-Dwatchbox.mqtt.maxsessionexpiry=" + TIMEOUT_SECONDS,
                "-Dwatchbox.maxmessage=" + Server.MAXMESSAGE, "-Dwatchbox.ratelimit=" + Server.RATELIMIT,
                "-Dwatchbox.maxqueuedbytes=" + Server.MAXQUEUEDBYTES, "-Dwatchbox.cluster.redis=" + redis,
                "-Dwatchbox.cluster.name=it", "-Dwatchbox.cluster.mirror=" + MIRROR,
                // Unready without Redis, not the default: the rig's haproxy prefers replicas that have Redis,
                // and ClusterIT checks that a replica cut off says so on /health/ready.
                "-Dwatchbox.cluster.readywithoutredis=false",
                // The tokens of IdentityIT, which an MQTT client needs for a session that outlives its connection.
                "-Dmp.jwt.verify.publickey.location=" + System.getProperty("watchbox.it.jwt.publickey"),
                "-Dmp.jwt.verify.issuer=watchbox-it", "-Dmp.jwt.verify.audiences=watchbox");
    }

    /** Launches the server (the first time, with a fresh configuration); {@link #awaitDeployed()} waits for it. */
    final synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(this + " is running");
        }
        process = launch();
    }

    abstract Process launch() throws IOException;

    abstract Path log();

    /** Stops the server and waits until its process has ended. */
    final void stop(Stop how) throws IOException, InterruptedException {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return;
        }
        if (how == Stop.GRACEFUL) {
            stopGracefully(running);
            if (running.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                return;
            }
        }
        running.destroyForcibly();
        if (!running.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException(this + " did not end after SIGKILL");
        }
    }

    /** Asks the server to stop as its operator would; {@link #stop} waits for the process to end. */
    abstract void stopGracefully(Process running) throws IOException, InterruptedException;

    /** For a shutdown hook: the process goes now, nothing is waited for. */
    final void killNow() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }

    /** Killed: what the rig does at the end, where nothing is left to observe. */
    @Override
    public void close() throws Exception {
        stop(Stop.KILL);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    URI webSocket() {
        return URI.create("ws://127.0.0.1:" + port + "/watchbox");
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    /**
     * A cluster-wide view ({@code /clients}, {@code /groups}, {@code /stats}) of this replica once
     * every replica answered: on a loaded machine one may miss the view's 2 s deadline, and the view
     * names it in {@code Watchbox-Replicas-Missing} (ClusterViewsTest pins that).
     */
    HttpResponse<String> completeView(String path) {
        return await("a view of " + path + " on " + name + " with no replica missing").atMost(Duration.ofSeconds(30))
                .until(() -> get(path), response -> response.headers().firstValue("Watchbox-Replicas-Missing").isEmpty());
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

    /** Whether {@code /health/ready} answers this status with this {@code cluster} state. */
    boolean readiness(int status, String cluster) {
        HttpResponse<String> response = get("/health/ready");
        JsonObject check = Server.json(response.body()).asJsonObject().getJsonArray("checks").stream()
                .map(JsonValue::asJsonObject).filter(c -> c.getString("name").equals("watchbox-ready"))
                .findFirst().orElseThrow();
        return response.statusCode() == status && cluster.equals(check.getJsonObject("data").getString("cluster"));
    }

    /**
     * A number of this replica's own in GET /stats (the top-level figures are the cluster's sums).
     * Liberty and Payara both write numbers, but allow text as HealthIT does.
     */
    long stat(String key) {
        HttpResponse<String> response = get("/watchbox/api/stats");
        String self = response.headers().firstValue("Watchbox-Replica").orElseThrow();
        JsonValue value = Server.json(response.body()).asJsonObject().getJsonObject("replicas").getJsonObject(self).get(key);
        return value instanceof JsonString text ? Long.parseLong(text.getString()) : ((JsonNumber) value).longValueExact();
    }

    /** The sessions this replica holds, from the cluster-wide GET /clients. */
    List<JsonObject> clients() {
        HttpResponse<String> response = get("/watchbox/api/clients");
        String self = response.headers().firstValue("Watchbox-Replica").orElseThrow();
        return Server.json(response.body()).asJsonArray().stream().map(JsonValue::asJsonObject)
                .filter(session -> self.equals(session.getString("replica", null))).toList();
    }

    /** Waits until the test application answers and the WebSocket endpoint takes a handshake. */
    void awaitDeployed() {
        await("replica " + name + " deployed (log: " + log() + ")").atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptionsMatching(e -> !(e instanceof IllegalStateException))
                .until(() -> {
                    Process running = process;
                    if (running == null || !running.isAlive()) {
                        throw new IllegalStateException(this + " is not running; its log: " + log());
                    }
                    if (get("/it/events?uid=probe").statusCode() != 200) {
                        return false;
                    }
                    HTTP.newWebSocketBuilder().buildAsync(webSocket(), new java.net.http.WebSocket.Listener() { })
                            .get(5, TimeUnit.SECONDS).abort();
                    return true;
                });
    }

    /** An Open Liberty server of its own in the build's Liberty installation, in the foreground ({@code server run}). */
    static final class Liberty extends ClusterReplica {
        private final Path wlp = Path.of(System.getProperty("watchbox.it.cluster.wlp"));
        private boolean created;

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
        Process launch() throws IOException {
            if (!created) {
                create();
                created = true;
            }
            // The script execs the JVM: this process is the server itself.
            return new ProcessBuilder(server().toString(), "run", name).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        }

        private void create() throws IOException {
            Path dir = dir();
            delete(dir);
            Files.createDirectories(dir.resolve("apps"));
            Files.createDirectories(dir.resolve("logs"));
            Files.writeString(dir.resolve("server.xml"), "<server description=\"Watchbox cluster replica\">\n"
                    + "    <include location=\"${bundled.server.xml}\"/>\n</server>\n");
            Path bundled = Path.of(System.getProperty("watchbox.it.cluster.bundled.server.xml"));
            Files.writeString(dir.resolve("bootstrap.properties"), "http.port=" + port + "\nhttps.port=-1\n"
                    + "http.host=127.0.0.1\ndev.keys=" + System.getProperty("watchbox.it.cluster.devkeys")
                    + "\nbundled.server.xml=" + bundled + "\n");
            Files.writeString(dir.resolve("jvm.options"), String.join("\n", settings()) + "\n");
            copy(Path.of(System.getProperty("watchbox.it.cluster.war")), dir.resolve("apps").resolve("watchbox.war"));
        }

        private Path server() {
            return wlp.resolve("bin").resolve("server");
        }

        /** {@code server stop}: Liberty closes its HTTP port first, so clients see their sockets drop. */
        @Override
        void stopGracefully(Process running) throws IOException, InterruptedException {
            Process stop = new ProcessBuilder(server().toString(), "stop", name).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!stop.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                stop.destroyForcibly();
            }
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
    }

    /** A Payara Micro, launched as {@link PayaraMicro} launches the main one. */
    static class Payara extends ClusterReplica {
        private final Path root;
        private boolean launched;

        Payara(String name, int port, String redis) {
            super(name, port, redis);
            root = Path.of(System.getProperty("watchbox.it.cluster.payara.jar")).getParent().resolve(name);
        }

        @Override
        Path log() {
            return root.resolve("payara.log");
        }

        /**
         * The first launch starts from an empty root folder and deploys the WAR; a restart finds the
         * application deployed there. (Deploying it again would make Payara deploy the one it has,
         * undeploy it and deploy the new one.)
         */
        @Override
        Process launch() throws IOException {
            if (!launched) {
                delete(root.resolve("root"));
            }
            Files.createDirectories(root);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m"));
            command.addAll(settings());
            command.addAll(List.of("-jar", System.getProperty("watchbox.it.cluster.payara.jar"), "--nocluster",
                    "--port", Integer.toString(port), "--rootdir", root.resolve("root").toString()));
            if (!launched) {
                command.addAll(List.of("--deploy", System.getProperty("watchbox.it.cluster.war"), "--contextroot", "/"));
            }
            // One log per rig: a restart adds to it.
            ProcessBuilder.Redirect output = launched ? ProcessBuilder.Redirect.appendTo(log().toFile())
                    : ProcessBuilder.Redirect.to(log().toFile());
            launched = true;
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
        }

        /** SIGTERM, as {@code docker stop} sends. */
        @Override
        void stopGracefully(Process running) {
            running.destroy();
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " " + name + " at " + baseUrl();
    }
}

package io.watchbox.it;

import static org.awaitility.Awaitility.await;

import io.watchbox.internal.cluster.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * A real load balancer in front of the cluster replicas: Debian's haproxy, in the foreground as a
 * child of the test JVM ({@code haproxy -f cfg -db}), with its configuration written and its log
 * kept in the given folder. Round robin, no stickiness; see {@link #config} for the health checks.
 */
final class Haproxy implements AutoCloseable {

    static final Path BINARY = Path.of(System.getProperty("watchbox.it.haproxy", "/usr/sbin/haproxy"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final int port;
    private final int statsPort;
    private final Path log;
    private final Process process;

    private Haproxy(int port, int statsPort, Path log, Process process) {
        this.port = port;
        this.statsPort = statsPort;
        this.log = log;
        this.process = process;
    }

    /** Skips the calling test, saying why on the output, unless haproxy is installed. */
    static void assumeInstalled() {
        if (!Files.isExecutable(BINARY)) {
            String reason = "skipped: the cluster tests need Debian's haproxy at " + BINARY
                    + " (apt-get install haproxy; .ci/run installs it)";
            System.out.println(reason);
            Assumptions.assumeTrue(false, reason);
        }
    }

    /** Writes the configuration for these replicas into {@code dir}, starts haproxy and waits for its stats page. */
    static Haproxy start(Path dir, List<ClusterReplica> replicas) throws IOException {
        assumeInstalled();
        Files.createDirectories(dir);
        int port = RedisServer.freePort();
        int statsPort = RedisServer.freePort();
        Path config = dir.resolve("haproxy.cfg");
        Path log = dir.resolve("haproxy.log");
        Files.writeString(config, config(port, statsPort, replicas));
        // Appended: a rerun's rig must not wipe out what the failed run's haproxy saw.
        Process process = new ProcessBuilder(BINARY.toString(), "-f", config.toString(), "-db")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Haproxy haproxy = new Haproxy(port, statsPort, log, process);
        await("haproxy answers (log: " + log + ")").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsMatching(e -> !(e instanceof IllegalStateException))
                .until(() -> !haproxy.states().isEmpty());
        return haproxy;
    }

    /**
     * Two backends with the same servers, one for each health check. Readiness helps and hurts:
     * a replica that has not (or no longer) subscribed to Redis is unready, and a fresh session
     * there would miss what others publish without anyone knowing; but while Redis is down every
     * replica is unready, and a balancer that only follows readiness refuses every new client
     * (haproxy answers 503 with no server up), although each replica still serves its clients and
     * counts what it cannot relay. So new clients go to ready replicas while there is one, and to
     * any replica whose Watchbox is deployed and live otherwise (a body naming {@code watchbox-live}:
     * a starting replica answers 200 with no checks).
     */
    static String config(int port, int statsPort, List<ClusterReplica> replicas) {
        String servers = replicas.stream().map(r -> "    server " + r.name + " 127.0.0.1:" + r.port + " check\n")
                .collect(Collectors.joining());
        return """
                # Written by io.watchbox.it.Haproxy for the cluster tests.
                global
                    log stdout format raw local0 info
                    maxconn 4096
                defaults
                    mode http
                    log global
                    option httplog
                    # A WebSocket's line when it opens, not when it closes: which replica each client landed on.
                    option logasap
                    option log-health-checks
                    # A connection that a replica going down refuses is tried on another one.
                    option redispatch 1
                    retries 3
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                    timeout http-request 10s
                    # An upgraded WebSocket is a tunnel; the client pings after a third of the session timeout.
                    timeout tunnel 1h
                    # Round robin and nothing sticky (no cookie, no stick table): a client that comes back
                    # may land on any replica.
                    balance roundrobin
                    # A replica that is busy starting may take longer than the interval to answer a check.
                    timeout check 3s
                    default-server inter 500ms fall 2 rise 1
                frontend watchbox
                    bind 127.0.0.1:%d
                    use_backend ready if { nbsrv(ready) gt 0 }
                    default_backend live
                backend ready
                    option httpchk
                    http-check send meth GET uri /health/ready ver HTTP/1.1 hdr Host 127.0.0.1
                    http-check expect status 200
                %sbackend live
                    option httpchk
                    http-check send meth GET uri /health/live ver HTTP/1.1 hdr Host 127.0.0.1
                    http-check expect status 200
                    http-check expect string watchbox-live
                %slisten stats
                    bind 127.0.0.1:%d
                    http-request set-log-level silent
                    stats enable
                    stats uri /
                """.formatted(port, servers, servers, statsPort);
    }

    int port() {
        return port;
    }

    /** The WebSocket endpoint through the balancer. */
    URI webSocket() {
        return URI.create("ws://127.0.0.1:" + port + "/watchbox");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Each server's state as haproxy sees it, by backend and name: "ready/cluster-a" to "UP", "DOWN", ... */
    Map<String, String> states() {
        if (!process.isAlive()) {
            throw new IllegalStateException("haproxy exited with " + process.exitValue() + "; its log: " + log);
        }
        String csv = ClusterReplica.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/;csv"))
                .GET()).body();
        Map<String, String> states = new HashMap<>();
        for (String line : csv.split("\n")) {
            String[] fields = line.split(",", -1);
            if (fields.length > 17 && (fields[0].equals("ready") || fields[0].equals("live"))
                    && !fields[1].equals("BACKEND")) {
                states.put(fields[0] + "/" + fields[1], fields[17]);
            }
        }
        return states;
    }

    /** Waits until haproxy counts every replica as ready and live. */
    void awaitAllUp(List<ClusterReplica> replicas) {
        await("haproxy sees every replica ready and live (log: " + log + ")").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    Map<String, String> states = states();
                    return replicas.stream().allMatch(r -> "UP".equals(states.get("ready/" + r.name))
                            && "UP".equals(states.get("live/" + r.name)));
                });
    }

    Path log() {
        return log;
    }

    /** For a shutdown hook: the process goes now, nothing is waited for. */
    void killNow() {
        process.destroyForcibly();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}

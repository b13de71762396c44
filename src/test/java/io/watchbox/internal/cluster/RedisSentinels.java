package io.watchbox.internal.cluster;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Redis with Sentinel for the failover tests, from Debian's {@code redis-server} (Sentinel is the
 * same binary run with {@code --sentinel}, which is all Debian's {@code redis-sentinel} is): a
 * primary, a replica of it and three sentinels with a quorum of 2, on free loopback ports, with
 * their configuration files and logs in a temporary directory. The sentinels take a primary for
 * down after 1 s and fail over at once; {@link #killPrimary()} stands for its crash. The data nodes
 * ask for a password ({@code requirepass}, and {@code masterauth} for the replica's link), which the
 * sentinels know; the sentinels ask for none, as Lettuce's URI gives them none.
 */
final class RedisSentinels implements AutoCloseable {

    static final String MASTER_ID = "watchbox-primary";
    static final String PASSWORD = "s3ntinel-data";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final int primaryPort;
    private final int replicaPort;
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final RedisClient client = RedisClient.create();
    private Process primary;

    private RedisSentinels(Path dir, int primaryPort, int replicaPort) {
        this.dir = dir;
        this.primaryPort = primaryPort;
        this.replicaPort = replicaPort;
    }

    /**
     * Starts them all and waits until every sentinel knows the replica, in sync, and the two other
     * sentinels: before that a failover could not happen. Skips the calling test without redis-server.
     */
    static RedisSentinels start() throws IOException {
        RedisServer.assumeInstalled();
        RedisSentinels redis = new RedisSentinels(Files.createTempDirectory("watchbox-sentinel"),
                RedisServer.freePort(), RedisServer.freePort());
        try {
            redis.startAll();
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    private void startAll() throws IOException {
        primary = server(primaryPort, List.of());
        server(replicaPort, List.of("--replicaof", "127.0.0.1", Integer.toString(primaryPort)));
        for (int i = 0; i < 3; i++) {
            int port = RedisServer.freePort();
            sentinelPorts.add(port);
            Path config = dir.resolve("sentinel-" + port + ".conf");
            // Sentinel rewrites its file as it learns the replica, the other sentinels and failovers.
            Files.writeString(config, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "dir " + dir,
                    "sentinel monitor " + MASTER_ID + " 127.0.0.1 " + primaryPort + " 2",
                    "sentinel down-after-milliseconds " + MASTER_ID + " 1000",
                    "sentinel failover-timeout " + MASTER_ID + " 3000",
                    "sentinel auth-pass " + MASTER_ID + " " + PASSWORD,
                    ""));
            launch(port, List.of(RedisServer.BINARY.toString(), config.toString(), "--sentinel"));
        }
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> sentinelPorts.stream()
                .allMatch(port -> ready(sentinel(port))));
    }

    private static boolean ready(Map<String, String> primary) {
        return "2".equals(primary.get("num-other-sentinels")) && "1".equals(primary.get("num-slaves"))
                && "master".equals(primary.get("flags"));
    }

    /** What this sentinel knows of the primary ({@code SENTINEL MASTER}), or nothing while it does not answer. */
    private Map<String, String> sentinel(int port) {
        try (StatefulRedisSentinelConnection<String, String> connection =
                     client.connectSentinel(RedisURI.create("redis://127.0.0.1:" + port))) {
            return connection.sync().master(MASTER_ID);
        } catch (RuntimeException notYet) {
            return Map.of();
        }
    }

    private Process server(int port, List<String> more) throws IOException {
        List<String> command = new ArrayList<>(List.of(RedisServer.BINARY.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString(),
                "--requirepass", PASSWORD, "--masterauth", PASSWORD));
        command.addAll(more);
        return launch(port, command);
    }

    private Process launch(int port, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(port + ".log").toFile())).start();
        processes.add(process);
        return process;
    }

    /** {@code redis-sentinel://PASSWORD@127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3#watchbox-primary}. */
    String uri() {
        return "redis-sentinel://" + PASSWORD + "@" + String.join(",", sentinelPorts.stream().map(p -> "127.0.0.1:" + p).toList())
                + "#" + MASTER_ID;
    }

    int primaryPort() {
        return primaryPort;
    }

    int replicaPort() {
        return replicaPort;
    }

    /** Where the sentinels say the primary is now, by the first that answers; -1 while none does. */
    int primaryNow() {
        for (int port : sentinelPorts) {
            try (StatefulRedisSentinelConnection<String, String> connection =
                         client.connectSentinel(RedisURI.create("redis://127.0.0.1:" + port))) {
                SocketAddress address = connection.sync().getMasterAddrByName(MASTER_ID);
                if (address instanceof InetSocketAddress inet) {
                    return inet.getPort();
                }
            } catch (RuntimeException tryTheNext) {
                // this sentinel is not answering: ask the next
            }
        }
        return -1;
    }

    /** SIGKILL to the primary, as a crash: its clients' connections reset, the sentinels fail over. */
    void killPrimary() throws InterruptedException {
        primary.destroyForcibly();
        if (!primary.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the primary did not stop");
        }
    }

    /** The directory of the configuration files and logs, for a failing test's message. */
    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroyForcibly();
        }
        for (Process process : processes) {
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.shutdown();
    }
}

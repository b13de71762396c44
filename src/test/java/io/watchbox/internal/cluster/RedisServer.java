package io.watchbox.internal.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis for the cluster tests: Debian's {@code redis-server}, on a free loopback port, with
 * nothing saved to disk. {@link #stop()} and {@link #start()} again on the same port stand for an
 * outage. Where there is no redis-server the calling test is skipped, and says so on the output.
 */
public final class RedisServer implements AutoCloseable {

    public static final Path BINARY = Path.of(System.getProperty("watchbox.it.redis", "/usr/bin/redis-server"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final int port;
    private final Path log;
    private Process process;

    private RedisServer(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    /** Skips the calling test, saying why on the output, unless redis-server is installed. */
    public static void assumeInstalled() {
        if (!Files.isExecutable(BINARY)) {
            String reason = "skipped: the cluster tests need Debian's redis-server at " + BINARY
                    + " (apt-get install redis-server; .ci/run installs it)";
            System.out.println(reason);
            Assumptions.assumeTrue(false, reason);
        }
    }

    /** Starts a Redis on a free port; skips the calling test when redis-server is missing. */
    public static RedisServer startOnFreePort() throws IOException {
        assumeInstalled();
        RedisServer redis = new RedisServer(freePort(), Files.createTempFile("watchbox-redis", ".log"));
        redis.start();
        return redis;
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts Redis on its port and waits until it answers PING. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder(BINARY.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Process started = process;
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + started.exitValue() + "; see " + log);
            }
            return answersPing();
        });
    }

    /** Stops Redis at once (SIGKILL, as a crash): clients see their connections reset. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("redis-server did not stop");
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.readNBytes(reply, 0, reply.length);
            return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** A port nothing listens on now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

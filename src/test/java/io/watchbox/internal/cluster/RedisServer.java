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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis for the cluster tests: Debian's {@code redis-server}, on a free loopback port, with
 * nothing saved to disk. {@link #stop()} and {@link #start()} again on the same port stand for an
 * outage. Where there is no redis-server the calling test is skipped, and says so on the output.
 * {@link #options()} adds a password ({@code requirepass}) or a TLS port beside the plain one.
 */
public final class RedisServer implements AutoCloseable {

    public static final Path BINARY = Path.of(System.getProperty("watchbox.it.redis", "/usr/bin/redis-server"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** What {@link #startOnFreePort()} starts beyond a plain Redis. */
    public static final class Options {
        private String password;
        private TestCertificates tls;

        private Options() {
        }

        /** Clients must authenticate with this password ({@code --requirepass}). */
        public Options password(String password) {
            this.password = password;
            return this;
        }

        /** A TLS port too, with this server certificate and key; clients are not asked for one. */
        Options tls(TestCertificates certificates) {
            this.tls = certificates;
            return this;
        }

        /** Starts it; skips the calling test when redis-server is missing. */
        public RedisServer startOnFreePort() throws IOException {
            assumeInstalled();
            RedisServer redis = new RedisServer(freePort(), tls == null ? 0 : freePort(), password, tls,
                    Files.createTempFile("watchbox-redis", ".log"));
            redis.start();
            return redis;
        }
    }

    private final int port;
    private final int tlsPort;
    private final String password;
    private final TestCertificates tls;
    private final Path log;
    private Process process;

    private RedisServer(int port, int tlsPort, String password, TestCertificates tls, Path log) {
        this.port = port;
        this.tlsPort = tlsPort;
        this.password = password;
        this.tls = tls;
        this.log = log;
    }

    public static Options options() {
        return new Options();
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
        return options().startOnFreePort();
    }

    public int port() {
        return port;
    }

    /** The plain port's URI, without the password. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** The TLS port, when {@link Options#tls} was given. */
    public int tlsPort() {
        return tlsPort;
    }

    /** Starts Redis on its port and waits until it answers PING. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes"));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        if (tls != null) {
            command.addAll(List.of("--tls-port", Integer.toString(tlsPort), "--tls-cert-file", tls.serverCertPem.toString(),
                    "--tls-key-file", tls.serverKeyPem.toString(), "--tls-ca-cert-file", tls.caPem.toString(),
                    "--tls-auth-clients", "no"));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
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
            String answer = new String(reply, 0, read, StandardCharsets.US_ASCII);
            // With a password, Redis answers -NOAUTH until a client authenticates: it is up.
            return answer.startsWith("+PONG") || answer.startsWith("-NOAUTH");
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

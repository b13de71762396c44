package io.watchbox.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs Payara Micro with the integration tests' WAR for one test run (failsafe's {@code payara}
 * execution sets {@code watchbox.it.payara.jar}), with the same settings the build gives the
 * Liberty server. One server for the whole run, started before the first test and stopped after
 * the last; in any other run this does nothing.
 */
public final class PayaraMicro implements LauncherSessionListener {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private Process process;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String jar = System.getProperty("watchbox.it.payara.jar");
        if (jar == null || process != null) {
            return;
        }
        try {
            process = start(jar);
            awaitDeployed();
        } catch (IOException e) {
            throw new IllegalStateException("Payara Micro did not start: " + e, e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static Process start(String jar) throws IOException {
        Path log = Path.of(System.getProperty("watchbox.it.payara.log"));
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dwatchbox.timeout=" + Server.TIMEOUT_SECONDS,
                "-Dwatchbox.listlimit=" + Server.LISTLIMIT,
                "-Dwatchbox.maxmessage=" + Server.MAXMESSAGE,
                "-Dwatchbox.ratelimit=" + Server.RATELIMIT,
                "-Dwatchbox.maxqueuedbytes=" + Server.MAXQUEUEDBYTES,
                "-Dwatchbox.retained.maxcount=" + Server.RETAINED_MAXCOUNT,
                "-Dwatchbox.retained.maxbytes=" + Server.RETAINED_MAXBYTES,
                "-Dwatchbox.mqtt.maxkeepalive=" + Server.MQTT_MAXKEEPALIVE_SECONDS,
                "-Dmp.jwt.verify.publickey.location=" + System.getProperty("watchbox.it.jwt.publickey"),
                "-Dmp.jwt.verify.issuer=watchbox-it",
                "-Dmp.jwt.verify.audiences=watchbox",
                "-jar", jar,
                "--nocluster",
                "--port", System.getProperty("watchbox.it.payara.port"),
                "--rootdir", log.getParent().resolve("root").toString(),
                "--deploy", System.getProperty("watchbox.it.payara.war"),
                "--contextroot", "/"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
    }

    /**
     * Whether the WebSocket endpoint takes a handshake: Payara may answer HTTP a moment before the
     * endpoint it registers programmatically is reachable (a first test once saw 404 there).
     */
    private static boolean webSocketAnswers(HttpClient http) {
        try {
            http.newWebSocketBuilder().buildAsync(Server.webSocketUri(), new WebSocket.Listener() { })
                    .get(5, TimeUnit.SECONDS).abort();
            return true;
        } catch (ExecutionException | TimeoutException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Payara Micro", e);
        }
    }

    /** Waits until the test application answers, or fails with the server's log. */
    private void awaitDeployed() throws IOException {
        // HTTP/1.1: no h2c upgrade in the probe, which is not what it tests.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        String lastAnswer = "no answer";
        URI probe = URI.create(Server.baseUrl() + "/it/events?uid=probe");
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; its log: "
                        + new File(System.getProperty("watchbox.it.payara.log")).getAbsolutePath());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                lastAnswer = "HTTP " + response.statusCode();
                if (response.statusCode() == 200 && webSocketAnswers(http)) {
                    return;
                }
                lastAnswer += ", and the WebSocket endpoint did not take a handshake";
            } catch (IOException notYet) {
                lastAnswer = notYet.toString(); // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Payara Micro", e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Payara Micro", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("Payara Micro did not deploy the test application within " + START_TIMEOUT
                + " (last probe of " + probe + ": " + lastAnswer + "); its log: "
                + new File(System.getProperty("watchbox.it.payara.log")).getAbsolutePath());
    }
}

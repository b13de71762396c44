package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Open Liberty server the build started for the integration tests, with the settings the
 * build gave it: timeout 4 s, listlimit 10, maxmessage 4096, ratelimit 200 publishes per second,
 * maxqueuedbytes 65536 (the smallest allowed), at most 20 retained messages of 8192 bytes together,
 * MQTT keep alives of at most 30 s.
 */
final class Server {

    static final int TIMEOUT_SECONDS = 4;
    static final int LISTLIMIT = 10;
    static final int MAXMESSAGE = 4096;
    static final int RATELIMIT = 200;
    static final int MAXQUEUEDBYTES = 65536;
    /** Retained messages: small enough that RetainedIT reaches both limits in a few publishes. */
    static final int RETAINED_MAXCOUNT = 20;
    static final int RETAINED_MAXBYTES = 8192;
    static final int HELLOTIMEOUT_SECONDS = 5;
    /**
     * watchbox.mqtt.maxkeepalive: short, so that MqttKeepAliveIT sees a client held to it within a
     * minute, and no shorter than any 3.1.1 client of the tests asks for (MqttCrossProtocolIT and
     * MqttHostileIT ask for 30 s); a 3.1.1 client asking for more is refused.
     */
    static final int MQTT_MAXKEEPALIVE_SECONDS = 30;

    private static final Duration LIBERTY_WAIT = Duration.ofSeconds(120);
    // HTTP/1.1: the JDK client otherwise offers an h2c upgrade with each request, and Payara Micro's
    // answer to that upgrade sometimes ends the connection early (EOF in Http2Connection, seen in a
    // CommandLineIT run); the REST contract is HTTP/1.1's, and no test is about h2c.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(20)).build();

    private Server() {
    }

    static String baseUrl() {
        String url = System.getProperty("watchbox.it.url");
        if (url == null) {
            throw new IllegalStateException("run the integration tests with ./mvnw verify (watchbox.it.url is not set)");
        }
        return url;
    }

    static URI baseUri() {
        return URI.create(baseUrl());
    }

    static URI webSocketUri() {
        return URI.create(baseUrl().replaceFirst("^http", "ws") + "/watchbox");
    }

    static URI api(String path) {
        return URI.create(baseUrl() + "/watchbox/api" + path);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("HTTP request failed", e);
        }
    }

    static HttpResponse<String> post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(api(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Publishes through REST and returns how many sessions it was queued for. */
    static int publish(String group, String msg) {
        HttpResponse<String> response = post("/groups/" + group + "/messages", "text/plain", msg);
        assertEquals(202, response.statusCode(), response::body);
        return json(response.body()).asJsonObject().getInt("delivered");
    }

    static HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(api(path)).GET());
    }

    static HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(api(path)).DELETE());
    }

    /** The CDI events the test bean in the deployment observed for this uid. */
    static JsonArray events(String uid) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/it/events?uid=" + uid)).GET());
        assertEquals(200, response.statusCode(), response::body);
        return json(response.body()).asJsonArray();
    }

    /** Lets the test application's synchronous observer go on from the message "hold KEY" (itapp.EventRecorder). */
    static void releaseHeldEvent(String key) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/it/events/release?key=" + key))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, response.statusCode(), response::body);
    }

    /** The session's entry in GET /clients, or null. */
    static JsonObject client(String uid) {
        return json(get("/clients").body()).asJsonArray().stream().map(v -> v.asJsonObject())
                .filter(c -> c.getString("uid").equals(uid)).findFirst().orElse(null);
    }

    static JsonStructure json(String text) {
        return Json.createReader(new StringReader(text)).read();
    }

    /** The Liberty JVM's process id (usr/servers/.pid/SERVER.pid, or workarea/.sPid in older layouts). */
    static long pid() throws IOException {
        Path servers = Path.of(System.getProperty("watchbox.it.wlp"), "usr", "servers");
        String server = System.getProperty("watchbox.it.server");
        Path pidFile = servers.resolve(".pid").resolve(server + ".pid");
        if (!Files.exists(pidFile)) {
            pidFile = servers.resolve(server).resolve("workarea").resolve(".sPid");
        }
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    /** Runs Liberty's {@code server} command for the test server and insists that it succeeds. */
    static void liberty(String action) throws Exception {
        int exit = runLiberty(action);
        if (exit != 0) {
            throw new AssertionError("server " + action + " failed with exit code " + exit);
        }
    }

    /** Runs Liberty's {@code server} command for the test server and returns its exit code. */
    static int runLiberty(String action) throws Exception {
        File wlp = new File(System.getProperty("watchbox.it.wlp"));
        Process process = new ProcessBuilder(new File(wlp, "bin/server").getPath(), action,
                System.getProperty("watchbox.it.server"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(LIBERTY_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("server " + action + " did not finish");
        }
        return process.exitValue();
    }

    /** The WebSocket endpoint at another HTTP address of the test server. */
    static URI webSocket(URI http) {
        return URI.create(http.toString().replaceFirst("^http", "ws") + "/watchbox");
    }

    /**
     * The test server's address through this machine's first non-loopback IPv4 address (the test
     * servers listen on every interface), or the calling test is skipped.
     */
    static URI throughNonLoopbackAddress() {
        InetAddress address = null;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    address = Collections.list(nic.getInetAddresses()).stream()
                            .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst().orElse(address);
                }
            }
        } catch (SocketException e) {
            address = null;
        }
        Assumptions.assumeTrue(address != null, "skipped: this machine has no non-loopback IPv4 address to connect through");
        URI local = URI.create(baseUrl());
        return URI.create("http://" + address.getHostAddress() + ":" + local.getPort());
    }
}

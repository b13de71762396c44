package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.cluster.RedisServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watchbox.store} on one real server: a Payara Micro of its own with a store directory is
 * stopped with SIGTERM and started again, and a JSON client and an MQTT client with a persistent
 * session resume as if it had never gone, with exactly the messages they were owed; the retained
 * messages are still there. Tagged {@code cluster} only to run once, in the Payara part of the
 * build, which gives the properties of the servers tests start themselves; no Redis is used.
 */
@Tag("cluster")
class StoreRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofMillis(1500);

    @TempDir
    Path store;

    @Test
    void aStoppedServerStartsAgainWithItsSessionsKeptMessagesAndRetainedMessages() throws Exception {
        ClusterReplica.assumeConfigured();
        try (ClusterReplica server = new ClusterReplica.Payara("store-it", RedisServer.freePort(), "") {
            @Override
            List<String> settings() {
                List<String> settings = new ArrayList<>(super.settings());
                // A long interval: what is checked here is what the stop saves. A timeout longer than
                // the restart (the last -D wins): the time away counts the downtime.
                settings.addAll(List.of("-Dwatchbox.store=" + store, "-Dwatchbox.store.interval=3600",
                        "-Dwatchbox.timeout=600"));
                return settings;
            }
        }) {
            server.start();
            server.awaitDeployed();
            warmMqtt(server);

            RawClient json = RawClient.connectTo(server.webSocket());
            json.send("{\"type\":\"hello\",\"uid\":\"store-json\"}");
            JsonObject welcome = json.expect("welcome");
            json.send("{\"type\":\"sub\",\"id\":\"s\",\"group\":\"store/#\"}");
            json.expect("ok");
            AlicesPaho device = AlicesPaho.connect(mqtt(server), "store-mqtt");
            device.client.subscribe("store/mqtt", 1);

            publish(server, "store/json", "seen", false);
            assertEquals(1L, json.expect("msg").getJsonNumber("seq").longValue());
            publish(server, "store/mqtt", "in flight", false);
            assertEquals("in flight", device.next().text()); // not acknowledged: manual acks
            json.abort();
            device.client.disconnectForcibly(0, 1000, false);
            await().atMost(WAIT).until(() -> clients(server).stream().noneMatch(c -> c.getBoolean("connected")));
            publish(server, "store/json", "away 1", false);
            publish(server, "store/json", "away 2", false);
            publish(server, "store/mqtt", "queued 1", false);
            publish(server, "store/mqtt", "queued 2", false);
            publish(server, "store-retained/a", "kept", true);

            server.stop(ClusterReplica.Stop.GRACEFUL); // SIGTERM
            assertTrue(Files.size(store.resolve("watchbox.store")) > 0, "the stop wrote the store");
            server.start();
            server.awaitDeployed();
            warmMqtt(server);

            RawClient back = RawClient.connectTo(server.webSocket());
            back.send("{\"type\":\"hello\",\"uid\":\"store-json\",\"since\":1,\"resume\":\""
                    + welcome.getString("resume") + "\"}");
            assertTrue(back.expect("welcome").getBoolean("resumed"));
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                JsonObject msg = back.expect("msg");
                messages.add(msg.getJsonNumber("seq").longValue() + " " + msg.getString("msg"));
            }
            // The JSON client follows store/#: it was owed the MQTT group's messages as well.
            assertEquals(List.of("2 in flight", "3 away 1", "4 away 2", "5 queued 1"), messages);
            JsonObject last = back.expect("msg");
            assertEquals("6 queued 2", last.getJsonNumber("seq").longValue() + " " + last.getString("msg"));
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> back.pending() == 0);

            AlicesPaho again = AlicesPaho.connect(mqtt(server), "store-mqtt");
            assertTrue(again.sessionPresent, "session present after the restart");
            AlicesPaho.Received resent = again.next();
            assertEquals("in flight", resent.text());
            assertTrue(resent.dup(), "the unacknowledged message comes again with DUP");
            assertEquals(List.of("queued 1", "queued 2"), List.of(again.next().text(), again.next().text()));
            assertEquals(null, again.received.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS), "nothing more");

            RawClient late = RawClient.connectTo(server.webSocket());
            late.send("{\"type\":\"hello\"}");
            late.expect("welcome");
            late.send("{\"type\":\"sub\",\"id\":\"r\",\"group\":\"store-retained/#\"}");
            late.expect("ok");
            JsonObject retained = late.expect("msg");
            assertEquals("kept", retained.getString("msg"));
            assertTrue(retained.getBoolean("retained"));
            assertFalse(Files.list(store).anyMatch(p -> p.toString().endsWith(".refused")));

            again.client.disconnect();
            again.client.close();
            device.client.close();
            back.close();
            late.close();
        }
    }

    private static void publish(ClusterReplica server, String group, String msg, boolean retain) {
        assertEquals(202, server.post("/watchbox/api/groups/" + group + "/messages" + (retain ? "?retain=true" : ""), msg)
                .statusCode());
    }

    private static List<JsonObject> clients(ClusterReplica server) {
        return Server.json(server.get("/watchbox/api/clients").body()).asJsonArray().stream()
                .map(JsonValue::asJsonObject).filter(c -> c.getString("uid").startsWith("store-")).toList();
    }

    private static URI mqtt(ClusterReplica server) {
        return URI.create(server.baseUrl().replaceFirst("^http", "ws") + "/watchbox/mqtt");
    }

    /** Paho reads the handshake's answer within 1 s: the endpoint is warmed up first. */
    private static void warmMqtt(ClusterReplica server) {
        HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("mqtt").connectTimeout(WAIT)
                .buildAsync(mqtt(server), new WebSocket.Listener() { })
                .thenCompose(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, ""))
                .orTimeout(30, TimeUnit.SECONDS).join();
    }
}

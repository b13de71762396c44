package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.WatchboxClient;
import io.watchbox.internal.cluster.RedisServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watchbox.store} on one real server: a Payara Micro of its own with a store directory is
 * stopped with SIGTERM and started again, and a JSON client and an MQTT client with a persistent
 * session resume as if it had never gone, with exactly the messages they were owed; the retained
 * messages are still there. The same under load, with publishers going on through the stop; and a
 * corrupt store file is refused without keeping the server from starting. Each scenario starts a
 * server of its own. Tagged {@code cluster} only to run once, in the Payara part of the
 * build, which gives the properties of the servers tests start themselves; no Redis is used.
 */
@Tag("cluster")
class StoreRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final int LOAD_GROUPS = 4;
    private static final int JSON_SUBSCRIBERS = 20;
    private static final Duration PUBLISH_EVERY = Duration.ofMillis(200);

    @TempDir
    Path store;

    @Test
    void aStoppedServerStartsAgainWithItsSessionsKeptMessagesAndRetainedMessages() throws Exception {
        ClusterReplica.assumeConfigured();
        // A long interval: what is checked here is what the stop saves.
        try (ClusterReplica server = storeServer("store-it", "-Dwatchbox.store.interval=3600")) {
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

    /**
     * The stop comes while 8 publishers (4 over WebSocket, 4 over REST, one of each per group, every
     * 200 ms) publish to 4 groups followed by 20 JSON clients and 4 MQTT devices (QoS 1, persistent
     * sessions); two devices are away at the stop, so that what is queued for them is in the store.
     * The JSON clients come back by themselves, the devices once the server is up again. Every
     * message confirmed before the stop or after the start reaches every subscriber of its group
     * exactly once and in order; listlimit is far above what piles up, so nothing may be skipped.
     * A device may get a QoS 1 message again with DUP, as MQTT allows, when its acknowledgement was
     * on its way at the stop: such a repeat is counted, any other is a failure.
     */
    @Test
    void aRestartUnderLoadLosesNoConfirmedMessageAndRepeatsNone() throws Exception {
        ClusterReplica.assumeConfigured();
        try (ClusterReplica server = storeServer("store-load", "-Dwatchbox.listlimit=100000",
                "-Dwatchbox.maxqueuedbytes=16777216")) {
            server.start();
            server.awaitDeployed();
            warmMqtt(server);
            List<String> groups = IntStream.range(0, LOAD_GROUPS).mapToObj(i -> "load/" + i).toList();
            List<Subscriber> traces = new ArrayList<>();
            List<WatchboxClient> clients = new ArrayList<>();
            List<Device> devices = new ArrayList<>();
            List<NumberedPublisher> publishers = new ArrayList<>();
            ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2 * LOAD_GROUPS);
            try {
                List<CompletableFuture<Void>> subscribed = new ArrayList<>();
                for (int i = 0; i < JSON_SUBSCRIBERS; i++) {
                    Subscriber trace = new Subscriber("load-sub-" + i, groups.get(i % LOAD_GROUPS), new Recorder());
                    WatchboxClient client = reconnecting(server, trace.uid()).listener(trace.seen()).build();
                    traces.add(trace);
                    clients.add(client);
                    subscribed.add(client.connect().thenCompose(ignored -> client.subscribe(trace.group(), trace.seen()))
                            .toCompletableFuture());
                }
                CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                for (int i = 0; i < LOAD_GROUPS; i++) {
                    Device device = new Device(groups.get(i), AlicesPaho.connectAcknowledging(mqtt(server), "load-device-" + i));
                    device.paho.client.subscribe(device.group, 1);
                    devices.add(device);
                    WatchboxClient client = reconnecting(server, "load-pub-" + i).offlineBufferSize(0).build();
                    clients.add(client);
                    client.connect().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    publishers.add(new NumberedPublisher("ws" + i, groups.get(i), NumberedPublisher.overWebSocket(client)));
                    publishers.add(new NumberedPublisher("rest" + i, groups.get(i), NumberedPublisher.overRest(server)));
                }
                for (NumberedPublisher publisher : publishers) {
                    ticks.scheduleWithFixedDelay(publisher::publishNext, 0, PUBLISH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                }
                awaitConfirmedByEach(publishers, 15);
                for (Device away : devices.subList(0, 2)) {
                    away.paho.client.disconnectForcibly(0, 1000, false);
                }
                awaitConfirmedByEach(publishers, 5);

                long stopping = System.nanoTime();
                server.stop(ClusterReplica.Stop.GRACEFUL); // SIGTERM, under load
                long stopped = System.nanoTime();
                Map<NumberedPublisher, Set<Long>> confirmedAtStop = new HashMap<>();
                publishers.forEach(p -> confirmedAtStop.put(p, p.confirmed()));
                Map<String, List<String>> receivedAtStop = new HashMap<>();
                traces.forEach(t -> receivedAtStop.put(t.uid(), t.seen().texts()));
                devices.forEach(d -> receivedAtStop.put(d.name(), d.texts()));
                assertTrue(Files.size(store.resolve("watchbox.store")) > 0, "the stop wrote the store");
                server.start();
                server.awaitDeployed();
                long deployed = System.nanoTime();
                warmMqtt(server);
                for (Device device : devices) {
                    device.paho.reconnect();
                }
                await("every JSON client back").atMost(WAIT).until(() -> traces.stream().noneMatch(t -> t.seen().reconnects.isEmpty()));
                awaitConfirmedByEach(publishers, 15);
                ticks.shutdown();
                assertTrue(ticks.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS));
                Map<NumberedPublisher, Long> fences = new HashMap<>();
                publishers.forEach(p -> fences.put(p, p.fence()));
                List<String> problems = new ArrayList<>();
                try {
                    await("every fence delivered").atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() ->
                            traces.stream().allMatch(t -> hasFences(t.seen().texts(), t.group(), fences))
                                    && devices.stream().allMatch(d -> hasFences(d.texts(), d.group, fences)));
                } catch (ConditionTimeoutException e) { // what is missing where is told below
                    problems.add("not every subscriber got the last message of every publisher within " + WAIT);
                }
                long carried = 0;
                for (Subscriber trace : traces) {
                    if (trace.seen().reconnects.contains(false)) {
                        problems.add(trace.uid() + " got a new session: reconnects " + trace.seen().reconnects);
                    }
                    if (trace.skipped() > 0) {
                        problems.add(trace.uid() + " was told of " + trace.skipped() + " skipped messages");
                    }
                    problems.addAll(ExactlyOnceInOrder.problems(trace.uid(), trace.seen().texts(), ofGroup(publishers, trace.group())));
                    carried += owedAtStop(receivedAtStop.get(trace.uid()), ofGroup(publishers, trace.group()), confirmedAtStop);
                }
                for (Device device : devices) {
                    if (!device.paho.sessionPresent) {
                        problems.add(device.name() + " found no session after the restart");
                    }
                    problems.addAll(ExactlyOnceInOrder.problems(device.name(), device.texts(), ofGroup(publishers, device.group)));
                    carried += owedAtStop(receivedAtStop.get(device.name()), ofGroup(publishers, device.group), confirmedAtStop);
                }
                long confirmed = publishers.stream().mapToLong(p -> p.confirmed().size()).sum();
                long expected = traces.stream().mapToLong(t -> confirmedOf(publishers, t.group())).sum()
                        + devices.stream().mapToLong(d -> confirmedOf(publishers, d.group)).sum();
                System.out.printf("[StoreRestartIT] SIGTERM to exit %.1f s, start to deployed %.1f s; %d publishes, %d confirmed"
                                + " (%d before the stop); %d deliveries expected, %d of them owed at the stop (queued, in flight"
                                + " or for the away devices) and made after the restart; %d DUP repeats to devices; JSON"
                                + " reconnects %s%n", (stopped - stopping) / 1e9, (deployed - stopped) / 1e9,
                        publishers.stream().mapToLong(NumberedPublisher::published).sum(), confirmed,
                        confirmedAtStop.values().stream().mapToLong(Set::size).sum(), expected, carried,
                        devices.stream().mapToLong(d -> d.dupRepeats).sum(),
                        traces.stream().flatMap(t -> t.seen().reconnects.stream()).collect(Collectors.groupingBy(r -> r, Collectors.counting())));
                problems.stream().limit(20).forEach(line -> System.out.println("[StoreRestartIT] " + line));
                assertEquals(List.of(), problems);
                for (Device device : devices) {
                    device.paho.client.disconnect();
                    device.paho.client.close();
                }
            } finally {
                ticks.shutdownNow();
                clients.forEach(WatchboxClient::close);
            }
        }
    }

    /**
     * A store file that is not a store (a torn copy, a wrong file) is refused as a whole: the server
     * starts empty and serves clients, the log names the file and where it went, and the file is
     * kept beside, renamed {@code watchbox.store.<millis>.refused}. The next stop writes a store again.
     */
    @Test
    void aCorruptStoreIsRefusedNamedInTheLogMovedAsideAndTheServerStillStarts() throws Exception {
        ClusterReplica.assumeConfigured();
        Path file = store.resolve("watchbox.store");
        byte[] garbage = "not a Watchbox store, but long enough to be read as one\n".repeat(20)
                .getBytes(StandardCharsets.UTF_8);
        Files.write(file, garbage);
        try (ClusterReplica server = storeServer("store-corrupt", "-Dwatchbox.store.interval=3600")) {
            server.start();
            server.awaitDeployed();

            RawClient client = RawClient.connectTo(server.webSocket());
            client.send("{\"type\":\"hello\",\"uid\":\"corrupt-json\"}");
            assertFalse(client.expect("welcome").getBoolean("resumed"));
            client.send("{\"type\":\"sub\",\"id\":\"s\",\"group\":\"after/#\"}");
            client.expect("ok");
            publish(server, "after/corrupt", "served", false);
            assertEquals("served", client.expect("msg").getString("msg"));

            List<Path> refused;
            try (Stream<Path> files = Files.list(store)) {
                refused = files.filter(p -> p.getFileName().toString().matches("watchbox\\.store\\.[0-9]+\\.refused")).toList();
            }
            assertEquals(1, refused.size(), "one file moved aside: " + refused);
            assertArrayEquals(garbage, Files.readAllBytes(refused.get(0)), "kept as it was");
            assertFalse(Files.exists(file), "no store until the server writes one");
            String log = new String(Files.readAllBytes(server.log()), StandardCharsets.UTF_8);
            String named = "Watchbox store " + file + " refused: ";
            assertTrue(log.lines().anyMatch(line -> line.contains(named) && line.contains("moved to " + refused.get(0))),
                    "the log names the refused file and where it went (" + server.log() + ")");

            client.close();
            server.stop(ClusterReplica.Stop.GRACEFUL);
            assertTrue(Files.size(file) > 0, "the stop wrote a new store");
        }
    }

    /**
     * A Payara Micro of its own with {@link #store}, and a timeout and an MQTT session expiry longer
     * than a restart (the last -D wins over the cluster rig's 10 s): the time away counts the downtime.
     */
    private ClusterReplica storeServer(String name, String... settings) throws IOException {
        return new ClusterReplica.Payara(name, RedisServer.freePort(), "") {
            @Override
            List<String> settings() {
                List<String> all = new ArrayList<>(super.settings());
                all.addAll(List.of("-Dwatchbox.store=" + store, "-Dwatchbox.timeout=600",
                        "-Dwatchbox.mqtt.maxsessionexpiry=3600"));
                all.addAll(List.of(settings));
                return all;
            }
        };
    }

    /** A JSON client that comes back quickly by itself, as under load it should. */
    private static WatchboxClient.Builder reconnecting(ClusterReplica server, String uid) {
        return WatchboxClient.builder(server.webSocket()).uid(uid).initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(10));
    }

    /** Waits until each publisher has had this many more messages confirmed than now. */
    private static void awaitConfirmedByEach(List<NumberedPublisher> publishers, int more) {
        Map<NumberedPublisher, Integer> now = new HashMap<>();
        publishers.forEach(p -> now.put(p, p.confirmed().size()));
        await(more + " more confirmed by each publisher").atMost(WAIT)
                .until(() -> publishers.stream().allMatch(p -> p.confirmed().size() >= now.get(p) + more));
    }

    private static List<NumberedPublisher> ofGroup(List<NumberedPublisher> publishers, String group) {
        return publishers.stream().filter(p -> p.group.equals(group)).toList();
    }

    private static long confirmedOf(List<NumberedPublisher> publishers, String group) {
        return ofGroup(publishers, group).stream().mapToLong(p -> p.confirmed().size()).sum();
    }

    private static boolean hasFences(List<String> texts, String group, Map<NumberedPublisher, Long> fences) {
        return fences.entrySet().stream().filter(f -> f.getKey().group.equals(group))
                .allMatch(f -> texts.contains(f.getKey().name + "#" + f.getValue()));
    }

    /** Of the messages confirmed before the stop, how many this subscriber had not got when the server was gone. */
    private static long owedAtStop(List<String> receivedAtStop, List<NumberedPublisher> publishers,
                                   Map<NumberedPublisher, Set<Long>> confirmedAtStop) {
        long owed = 0;
        for (NumberedPublisher publisher : publishers) {
            Set<Long> got = receivedAtStop.stream().map(publisher::numberOf).collect(Collectors.toSet());
            owed += confirmedAtStop.get(publisher).stream().filter(n -> !got.contains(n)).count();
        }
        return owed;
    }

    /** A JSON subscriber: its uid, its group, and what its client handed it ({@link Recorder}). */
    private record Subscriber(String uid, String group, Recorder seen) {

        long skipped() {
            return seen.skipped.stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * An MQTT device on one group, and what it got in order. A QoS 1 message that comes again with
     * DUP (its acknowledgement was lost at the stop) is counted, not kept: MQTT allows it.
     */
    private static final class Device {
        final String group;
        final AlicesPaho paho;
        private final List<String> texts = new ArrayList<>();
        long dupRepeats;

        Device(String group, AlicesPaho paho) {
            this.group = group;
            this.paho = paho;
        }

        String name() {
            return paho.client.getClientId();
        }

        /** Only the test's thread calls this. */
        List<String> texts() {
            for (AlicesPaho.Received received; (received = paho.received.poll()) != null; ) {
                if (received.dup() && texts.contains(received.text())) {
                    dupRepeats++;
                } else {
                    texts.add(received.text());
                }
            }
            return List.copyOf(texts);
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

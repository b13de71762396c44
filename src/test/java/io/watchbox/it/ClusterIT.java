package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.WatchboxClient;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cluster mode end to end on the {@link ClusterRig}: two Open Liberty replicas and a Payara Micro
 * replica, each with the test WAR, on a real Redis that the outage test stops and starts again,
 * behind haproxy. Runs once, in failsafe's payara execution (tag cluster); skipped, saying why,
 * without redis-server or haproxy.
 */
@Tag("cluster")
@ExtendWith(ClusterRig.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofMillis(1500);

    private ClusterRig rig;
    private ClusterReplica libertyA;
    private ClusterReplica libertyB;
    private ClusterReplica payara;

    @BeforeAll
    void settle(ClusterRig rig) {
        this.rig = rig;
        libertyA = rig.libertyA();
        libertyB = rig.libertyB();
        payara = rig.payara();
        rig.awaitSettled();
    }

    @Test
    void aWebSocketPublishReachesEverySubscriberOnEveryReplicaOnceAndInOrder() {
        String group = Names.group("cl-ws");
        try (RawClient onA = hello(libertyA.webSocket(), Names.uid("c-a"));
             RawClient onB = hello(libertyB.webSocket(), Names.uid("c-b"));
             RawClient onPayara = hello(payara.webSocket(), Names.uid("c-payara"));
             RawClient publisher = hello(libertyA.webSocket(), Names.uid("c-publisher"))) {
            subscribe(onA, group + "/#");
            subscribe(onB, group + "/#");
            // Two filters that both match: the session still gets each message once.
            subscribe(onPayara, group + "/+/x");
            subscribe(onPayara, group + "/#");

            // One at a time: a burst would overflow the subscribers' queues (listlimit 10) before they read.
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                sent.add("m" + i);
                publisher.send("{\"type\":\"pub\",\"id\":\"p" + i + "\",\"group\":\"" + group + "/" + i + "/x\",\"msg\":\"m" + i + "\"}");
                assertEquals(1, publisher.expect("ok").getInt("delivered"), "delivered counts this replica's sessions");
            }

            assertEquals(sent, messages(onPayara, 50));
            assertEquals(sent, messages(onB, 50));
            assertEquals(sent, messages(onA, 50));
            assertNothingMore(onPayara);
        }
    }

    @Test
    void restAndBeanPublishesCrossInBothDirections() {
        String group = Names.group("cl-rest");
        try (RawClient onA = hello(libertyA.webSocket(), Names.uid("r-a"));
             RawClient onB = hello(libertyB.webSocket(), Names.uid("r-b"));
             RawClient onPayara = hello(payara.webSocket(), Names.uid("r-payara"))) {
            for (RawClient client : List.of(onA, onB, onPayara)) {
                subscribe(client, group + "/+");
            }

            assertEquals(202, payara.post("/watchbox/api/groups/" + group + "/a/messages", "rest on payara").statusCode());
            assertEquals("1", libertyB.post("/it/host/announce/" + group + "/b", "bean on liberty").body(),
                    "this replica's sessions");

            for (RawClient client : List.of(onA, onB, onPayara)) {
                assertEquals(List.of("rest on payara", "bean on liberty"), messages(client, 2));
            }
        }
    }

    /**
     * Clients connect through haproxy one by one until every replica holds some of them: round
     * robin, but right after replicas came back (after the outage test, say) haproxy may pass one
     * over for a few turns. With Java clients, which ping: connecting them on a busy machine can
     * take longer than the session timeout.
     */
    @Test
    void throughTheBalancerClientsLandOnEveryReplicaAndReachEachOther() {
        rig.awaitSettled();
        String group = Names.group("cl-balanced");
        List<String> uids = new ArrayList<>();
        List<Recorder> recorders = new ArrayList<>();
        List<WatchboxClient> clients = new ArrayList<>();
        try {
            Map<String, List<String>> byReplica = Map.of();
            while (clients.size() < 30 && (clients.size() < 3 || byReplica.containsValue(List.of()))) {
                Recorder recorder = new Recorder();
                WatchboxClient client = WatchboxClient.builder(rig.haproxy().webSocket())
                        .uid(Names.uid("b" + clients.size())).listener(recorder).build();
                clients.add(client);
                ClientResilienceIT.join(client.connect());
                ClientResilienceIT.join(client.subscribe(group, recorder));
                uids.add(client.uid());
                recorders.add(recorder);
                byReplica = landed(uids);
            }
            System.out.println("[ClusterIT] " + clients.size() + " clients through haproxy landed: " + byReplica);
            assertEquals(uids.size(), byReplica.values().stream().mapToInt(List::size).sum(), "each on one replica");
            assertFalse(byReplica.containsValue(List.of()), () -> "some on every replica, haproxy's view: "
                    + rig.haproxy().states());

            WatchboxClient publisher = WatchboxClient.builder(rig.haproxy().webSocket()).build();
            clients.add(publisher);
            ClientResilienceIT.join(publisher.connect());
            ClientResilienceIT.join(publisher.publish("over websocket", group));
            int status = ClusterReplica.send(HttpRequest.newBuilder(URI.create(rig.haproxy().baseUrl()
                            + "/watchbox/api/groups/" + group + "/messages")).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("over rest"))).statusCode();
            assertEquals(202, status);
            // Two publishers, possibly on two replicas: each message once, in either order.
            await().atMost(WAIT).until(() -> recorders.stream().allMatch(r -> r.texts().size() >= 2));
            for (Recorder recorder : recorders) {
                assertEquals(List.of("over rest", "over websocket"), recorder.texts().stream().sorted().toList());
            }
        } finally {
            clients.forEach(WatchboxClient::close);
        }
    }

    /** Which of these clients each replica holds, by its own GET /clients. */
    private Map<String, List<String>> landed(List<String> uids) {
        Map<String, List<String>> byReplica = new TreeMap<>();
        for (ClusterReplica replica : rig.replicas()) {
            byReplica.put(replica.name, replica.clients().stream().map(c -> c.getString("uid"))
                    .filter(uids::contains).sorted().toList());
        }
        return byReplica;
    }

    @Test
    void everyReplicaListsTheSessionsGroupsAndCountersOfAll() {
        try (RawClient onLiberty = hello(libertyA.webSocket(), "v-liberty");
             RawClient onPayara = hello(payara.webSocket(), "v-payara")) {
            subscribe(onLiberty, "cl-views");
            subscribe(onPayara, "cl-views");

            for (ClusterReplica asked : List.of(libertyA, libertyB, payara)) {
                HttpResponse<String> clients = asked.completeView("/watchbox/api/clients");
                assertEquals(200, clients.statusCode(), clients::body);
                List<JsonObject> ours = Server.json(clients.body()).asJsonArray().stream().map(JsonValue::asJsonObject)
                        .filter(s -> s.getString("uid").startsWith("v-")).toList();
                assertEquals(List.of("v-liberty", "v-payara"), ours.stream().map(s -> s.getString("uid")).toList());
                assertNotEquals(ours.get(0).getString("replica"), ours.get(1).getString("replica"));
                assertEquals(3, clients.headers().firstValue("Watchbox-Replicas").orElseThrow().split(", ").length);

                JsonObject groups = Server.json(asked.completeView("/watchbox/api/groups").body()).asJsonArray().stream()
                        .map(JsonValue::asJsonObject).filter(g -> g.getString("group").equals("cl-views"))
                        .findFirst().orElseThrow();
                assertEquals(2, number(groups.get("subscribers")));

                JsonObject stats = Server.json(asked.completeView("/watchbox/api/stats").body()).asJsonObject();
                assertEquals(3, stats.getJsonObject("replicas").size());
                assertEquals(0, stats.getJsonArray("missingReplicas").size());
            }
        }
    }

    @Test
    void duringARedisOutageEachReplicaServesItsOwnClientsHoldsWhatItCannotRelayAndSaysWhatItGaveUp() throws Exception {
        String group = Names.group("cl-outage");
        String path = "/watchbox/api/groups/" + group + "/messages";
        Map<ClusterReplica, Recorder> recorders = new LinkedHashMap<>();
        List<WatchboxClient> clients = new ArrayList<>();
        try {
            for (ClusterReplica replica : rig.replicas()) {
                Recorder recorder = new Recorder();
                WatchboxClient client = WatchboxClient.builder(replica.webSocket()).uid(Names.uid("o-" + replica.name))
                        .listener(recorder).build();
                clients.add(client);
                ClientResilienceIT.join(client.connect());
                ClientResilienceIT.join(client.subscribe(group, recorder));
                recorders.put(replica, recorder);
            }
            long notRelayedBefore = libertyA.stat("notRelayed");
            long droppedBefore = libertyA.stat("outageDropped");
            long relayedLateBefore = libertyA.stat("outageRelayed");
            CompletableFuture<HttpResponse<String>> held;

            rig.redis().stop();
            try {
                rig.awaitCluster("disconnected", 503);
                // Held for watchbox.cluster.outageseconds (10 s by default), then given up: the answer says so.
                HttpResponse<String> givenUp = libertyA.post(path, "given up");
                assertEquals(202, givenUp.statusCode());
                assertEquals(JsonValue.FALSE, Server.json(givenUp.body()).asJsonObject().get("relayed"), givenUp.body());
                assertEquals(notRelayedBefore + 1, libertyA.stat("notRelayed"));
                assertEquals(droppedBefore + 1, libertyA.stat("outageDropped"));

                held = CompletableFuture.supplyAsync(() -> libertyA.post(path, "held"));
                await().atMost(WAIT).until(() -> recorders.get(libertyA).texts().equals(List.of("given up", "held")));
                await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> recorders.get(libertyB).texts().isEmpty()
                        && recorders.get(payara).texts().isEmpty() && !held.isDone());
            } finally {
                rig.redis().start();
            }
            rig.awaitCluster("connected", 200);
            HttpResponse<String> heldAnswer = held.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(202, heldAnswer.statusCode());
            assertFalse(Server.json(heldAnswer.body()).asJsonObject().containsKey("relayed"), heldAnswer.body());

            assertEquals(202, libertyA.post(path, "everywhere").statusCode());
            await().atMost(WAIT).until(() -> recorders.get(libertyA).texts().equals(List.of("given up", "held", "everywhere"))
                    && recorders.get(libertyB).texts().equals(List.of("held", "everywhere"))
                    && recorders.get(payara).texts().equals(List.of("held", "everywhere")));
            assertTrue(libertyA.stat("outageRelayed") > relayedLateBefore);
            recorders.values().forEach(r -> assertEquals(List.of(), r.disconnects, "the clients never noticed the outage"));
        } finally {
            clients.forEach(WatchboxClient::close);
        }
    }

    private static RawClient hello(URI webSocket, String uid) {
        RawClient client = RawClient.connectTo(webSocket);
        client.send("{\"type\":\"hello\",\"uid\":\"" + uid + "\"}");
        client.expect("welcome");
        return client;
    }

    private static void subscribe(RawClient client, String filter) {
        client.send("{\"type\":\"sub\",\"id\":\"s\",\"group\":\"" + filter + "\"}");
        client.expect("ok");
    }

    private static List<String> messages(RawClient client, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonObject msg = client.expect("msg");
            texts.add(msg.getString("msg"));
        }
        return texts;
    }

    private static void assertNothingMore(RawClient client) {
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> client.pending() == 0);
    }

    private static long number(JsonValue value) {
        return value instanceof JsonString text ? Long.parseLong(text.getString()) : ((JsonNumber) value).longValueExact();
    }
}

package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.cluster.RedisServer;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Cluster mode end to end: an Open Liberty and a Payara Micro replica, each with the test WAR, in
 * cluster mode on a real Redis (redis-server on a free port) that the outage test stops and starts
 * again. Runs once, in failsafe's payara execution (tag cluster); skipped, saying why, without redis-server.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofMillis(1500);

    private RedisServer redis;
    private ClusterReplica liberty;
    private ClusterReplica payara;

    @BeforeAll
    void startReplicas() throws Exception {
        ClusterReplica.assumeConfigured();
        redis = RedisServer.startOnFreePort();
        liberty = new ClusterReplica.Liberty("clusterIT", RedisServer.freePort(), redis.uri());
        payara = new ClusterReplica.Payara("cluster-payara", RedisServer.freePort(), redis.uri());
        payara.start();
        liberty.start();
        CompletableFuture.allOf(CompletableFuture.runAsync(liberty::awaitDeployed),
                CompletableFuture.runAsync(payara::awaitDeployed)).join();
        awaitCluster("connected", 200);
    }

    @AfterAll
    void stopReplicas() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {liberty, payara, redis}) {
            if (part != null) {
                part.close();
            }
        }
    }

    @Test
    void aWebSocketPublishReachesEverySubscriberOnEveryReplicaOnceAndInOrder() {
        try (RawClient onLiberty = hello(liberty, "c-liberty");
             RawClient onPayara = hello(payara, "c-payara");
             RawClient publisher = hello(liberty, "c-publisher")) {
            subscribe(onLiberty, "cl-ws/#");
            // Two filters that both match: the session still gets each message once.
            subscribe(onPayara, "cl-ws/+/x");
            subscribe(onPayara, "cl-ws/#");

            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                sent.add("m" + i);
                publisher.send("{\"type\":\"pub\",\"id\":\"p" + i + "\",\"group\":\"cl-ws/" + i + "/x\",\"msg\":\"m" + i + "\"}");
                assertEquals(1, publisher.expect("ok").getInt("delivered"), "delivered counts this replica's sessions");
            }

            assertEquals(sent, messages(onPayara, 50));
            assertEquals(sent, messages(onLiberty, 50));
            assertNothingMore(onPayara);
        }
    }

    @Test
    void restAndBeanPublishesCrossInBothDirections() {
        try (RawClient onLiberty = hello(liberty, "r-liberty");
             RawClient onPayara = hello(payara, "r-payara")) {
            subscribe(onLiberty, "cl-rest/+");
            subscribe(onPayara, "cl-rest/+");

            assertEquals(202, payara.post("/watchbox/api/groups/cl-rest/a/messages", "rest on payara").statusCode());
            assertEquals("1", liberty.post("/it/host/announce/cl-rest/b", "bean on liberty").body(), "this replica's sessions");

            assertEquals(List.of("rest on payara", "bean on liberty"), messages(onLiberty, 2));
            assertEquals(List.of("rest on payara", "bean on liberty"), messages(onPayara, 2));
        }
    }

    @Test
    void eitherReplicaListsTheSessionsGroupsAndCountersOfBoth() {
        try (RawClient onLiberty = hello(liberty, "v-liberty");
             RawClient onPayara = hello(payara, "v-payara")) {
            subscribe(onLiberty, "cl-views");
            subscribe(onPayara, "cl-views");

            for (ClusterReplica asked : List.of(liberty, payara)) {
                HttpResponse<String> clients = asked.get("/watchbox/api/clients");
                assertEquals(200, clients.statusCode(), clients::body);
                List<JsonObject> ours = Server.json(clients.body()).asJsonArray().stream().map(JsonValue::asJsonObject)
                        .filter(s -> s.getString("uid").startsWith("v-")).toList();
                assertEquals(List.of("v-liberty", "v-payara"), ours.stream().map(s -> s.getString("uid")).toList());
                assertNotEquals(ours.get(0).getString("replica"), ours.get(1).getString("replica"));
                assertEquals(2, clients.headers().firstValue("Watchbox-Replicas").orElseThrow().split(", ").length);
                assertTrue(clients.headers().firstValue("Watchbox-Replicas-Missing").isEmpty());

                JsonObject groups = Server.json(asked.get("/watchbox/api/groups").body()).asJsonArray().stream()
                        .map(JsonValue::asJsonObject).filter(g -> g.getString("group").equals("cl-views"))
                        .findFirst().orElseThrow();
                assertEquals(2, number(groups.get("subscribers")));

                JsonObject stats = Server.json(asked.get("/watchbox/api/stats").body()).asJsonObject();
                assertEquals(2, stats.getJsonObject("replicas").size());
                assertEquals(0, stats.getJsonArray("missingReplicas").size());
            }
        }
    }

    @Test
    void duringARedisOutageEachReplicaServesItsOwnClientsCountsWhatItDidNotRelayAndIsNotReady() throws Exception {
        try (RawClient onLiberty = hello(liberty, "o-liberty");
             RawClient onPayara = hello(payara, "o-payara")) {
            subscribe(onLiberty, "cl-outage");
            subscribe(onPayara, "cl-outage");
            long notRelayedBefore = stat(liberty, "notRelayed");

            redis.stop();
            try {
                awaitCluster("disconnected", 503);
                assertEquals(202, liberty.post("/watchbox/api/groups/cl-outage/messages", "local only").statusCode());
                assertEquals(List.of("local only"), messages(onLiberty, 1));
                assertNothingMore(onPayara);
                assertEquals(notRelayedBefore + 1, stat(liberty, "notRelayed"));
            } finally {
                redis.start();
            }
            awaitCluster("connected", 200);

            assertEquals(202, liberty.post("/watchbox/api/groups/cl-outage/messages", "everywhere").statusCode());
            assertEquals(List.of("everywhere"), messages(onPayara, 1));
            assertEquals(List.of("everywhere"), messages(onLiberty, 1));
        }
    }

    private void awaitCluster(String state, int status) {
        for (ClusterReplica replica : List.of(liberty, payara)) {
            await(replica + " readiness " + status + " with cluster " + state).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        HttpResponse<String> response = replica.get("/health/ready");
                        JsonObject check = Server.json(response.body()).asJsonObject().getJsonArray("checks").stream()
                                .map(JsonValue::asJsonObject).filter(c -> c.getString("name").equals("watchbox-ready"))
                                .findFirst().orElseThrow();
                        return response.statusCode() == status && state.equals(check.getJsonObject("data").getString("cluster"));
                    });
        }
    }

    private static RawClient hello(ClusterReplica replica, String uid) {
        RawClient client = RawClient.connectTo(replica.webSocket());
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
            texts.add(client.expect("msg").getString("msg"));
        }
        return texts;
    }

    private static void assertNothingMore(RawClient client) {
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> client.pending() == 0);
    }

    /**
     * A number of this replica's own in GET /stats (the sums are the cluster's). Liberty and Payara
     * both write numbers, but allow text as HealthIT does.
     */
    private static long stat(ClusterReplica replica, String key) {
        HttpResponse<String> response = replica.get("/watchbox/api/stats");
        String self = response.headers().firstValue("Watchbox-Replica").orElseThrow();
        JsonValue value = Server.json(response.body()).asJsonObject().getJsonObject("replicas").getJsonObject(self).get(key);
        return number(value);
    }

    private static long number(JsonValue value) {
        return value instanceof JsonString text ? Long.parseLong(text.getString()) : ((JsonNumber) value).longValueExact();
    }
}

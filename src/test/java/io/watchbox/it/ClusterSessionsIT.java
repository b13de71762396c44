package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sessions across replicas on the {@link ClusterRig}: a client that drops on one replica resumes on
 * another, a hello on another replica takes a live session over, and a kick on any replica ends the
 * session where it is. Replicas are addressed directly, so that each test knows where a client lands.
 */
@Tag("cluster")
@ExtendWith(ClusterRig.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterSessionsIT {

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
    void aClientThatDropsOnOneReplicaResumesOnAnotherWithTheExactGapPastListlimit() {
        RawClient first = RawClient.connectTo(libertyA.webSocket());
        JsonObject welcome = hello(first, "{\"type\":\"hello\",\"uid\":\"move-1\"}");
        subscribe(first, "move/#");
        publish(payara, "move/x", "m0");
        assertEquals(1L, seq(first.expect("msg")));

        first.abort();
        await().atMost(WAIT).until(() -> !session(libertyB, "move-1").getBoolean("connected"));
        int published = Server.LISTLIMIT + 3;
        for (int i = 1; i <= published; i++) {
            publish(i % 2 == 0 ? payara : libertyB, "move/x", "m" + i);
        }
        await().atMost(WAIT).until(() -> session(libertyA, "move-1").getJsonNumber("queued").longValue() == Server.LISTLIMIT);

        RawClient second = RawClient.connectTo(libertyB.webSocket());
        JsonObject resumed = hello(second, "{\"type\":\"hello\",\"uid\":\"move-1\",\"since\":1,\"resume\":\""
                + welcome.getString("resume") + "\"}");

        assertTrue(resumed.getBoolean("resumed"), resumed.toString());
        List<Long> seqs = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < Server.LISTLIMIT; i++) {
            JsonObject msg = second.expect("msg");
            seqs.add(seq(msg));
            texts.add(msg.getString("msg"));
        }
        long firstKept = published + 2L - Server.LISTLIMIT;
        assertEquals(firstKept, seqs.get(0), "seq 2 to " + (firstKept - 1) + " were past listlimit: exactly that gap");
        assertEquals(published + 1L, seqs.get(seqs.size() - 1));
        assertEquals("m" + (published - Server.LISTLIMIT + 1), texts.get(0));
        assertNothingMore(second);
        assertEquals("libertyB", replicaName(session(payara, "move-1")), "the session is held where the client came back");
        second.close();
    }

    @Test
    void aHelloOnAnotherReplicaTakesTheSessionOverAndTheOldSocketGets4409() {
        RawClient first = RawClient.connectTo(payara.webSocket());
        JsonObject welcome = hello(first, "{\"type\":\"hello\",\"uid\":\"take-1\"}");
        subscribe(first, "take");

        RawClient second = RawClient.connectTo(libertyA.webSocket());
        JsonObject taken = hello(second, "{\"type\":\"hello\",\"uid\":\"take-1\",\"resume\":\""
                + welcome.getString("resume") + "\"}");

        assertTrue(taken.getBoolean("resumed"));
        assertEquals(4409, first.closeCode());
        publish(libertyB, "take", "to the new socket");
        assertEquals("to the new socket", second.expect("msg").getString("msg"));
        second.close();
    }

    @Test
    void aHelloWithTheUidButNotTheKeyOnAnotherReplicaIsRefusedAndTheSessionStays() {
        RawClient owner = RawClient.connectTo(libertyA.webSocket());
        hello(owner, "{\"type\":\"hello\",\"uid\":\"mine-1\"}");
        subscribe(owner, "mine");

        RawClient thief = RawClient.connectTo(payara.webSocket());
        thief.send("{\"type\":\"hello\",\"uid\":\"mine-1\",\"resume\":\"not-the-key\"}");

        assertEquals("forbidden", thief.expect("error").getString("code"));
        assertEquals(4403, thief.closeCode());
        publish(libertyB, "mine", "still mine");
        assertEquals("still mine", owner.expect("msg").getString("msg"));
        owner.close();
    }

    @Test
    void aKickOnAnyReplicaEndsTheSessionWhereItIsHeld() {
        RawClient client = RawClient.connectTo(payara.webSocket());
        hello(client, "{\"type\":\"hello\",\"uid\":\"kick-1\"}");
        await().atMost(WAIT).until(() -> libertyA.get("/watchbox/api/clients").body().contains("\"kick-1\""));

        assertEquals(204, delete(libertyA, "/watchbox/api/clients/kick-1"));

        assertEquals(1008, client.closeCode());
        assertEquals(404, delete(libertyB, "/watchbox/api/clients/kick-1"));
    }

    /**
     * The scenario of a rolling deploy: the client's replica is stopped as its operator stops it
     * (Payara by SIGTERM, Open Liberty by {@code server stop}) while the client is connected, five
     * messages are published on another replica, and the client's hello there resumes its session
     * with exactly those five.
     */
    @ParameterizedTest
    @ValueSource(strings = {"payara", "libertyA"})
    void aClientWhoseReplicaIsStoppedResumesOnAnotherWithEveryMessagePublishedMeanwhile(String which) throws Exception {
        ClusterReplica stopped = which.equals("payara") ? payara : libertyA;
        // Liberty's `server stop` stops its TCP channel, dropping every socket (1006), before it stops
        // the application; Payara's SIGTERM lets Watchbox close them first, with 1001.
        resumesOnLibertyBWithTheFivePublishedAfter(stopped, ClusterReplica.Stop.GRACEFUL, "handover-" + which,
                closed -> assertTrue(closed == 1001 || stopped != payara && closed == 1006, "told to come back, or dropped: " + closed));
    }

    /**
     * The scenario of a crash: the client's replica is killed (SIGKILL) while the client is connected,
     * five messages are published on another replica, and the client's hello there, at once, adopts its
     * session from the mirror in Redis with exactly those five (it waits for the dead replica's
     * heartbeat to be overdue, about 3.5 s). Needs the rig's replicas to mirror, as they do unless -Dit.cluster.mirror=false.
     */
    @ParameterizedTest
    @ValueSource(strings = {"payara", "libertyA"})
    void aClientWhoseReplicaIsKilledResumesOnAnotherWithEveryMessagePublishedMeanwhile(String which) throws Exception {
        Assumptions.assumeTrue(ClusterReplica.MIRROR, "the rig's replicas do not mirror their sessions"
                + " (-Dit.cluster.mirror=true): a killed replica's sessions are lost");
        resumesOnLibertyBWithTheFivePublishedAfter(which.equals("payara") ? payara : libertyA, ClusterReplica.Stop.KILL,
                "crash-" + which, closed -> assertEquals(1006, closed, "dropped by the crash"));
    }

    /**
     * A client of {@code holder} with one message seen, then {@code holder} goes as {@code stop} says
     * (the client's close code checked), five messages are published on libertyB, and the client's
     * hello there resumes its session with exactly those five, numbered on from the first.
     */
    private void resumesOnLibertyBWithTheFivePublishedAfter(ClusterReplica holder, ClusterReplica.Stop stop, String uid,
                                                           IntConsumer closeCode) throws Exception {
        ClusterReplica other = libertyB;
        String group = uid.replace('-', '/');
        RawClient first = RawClient.connectTo(holder.webSocket());
        JsonObject welcome = hello(first, "{\"type\":\"hello\",\"uid\":\"" + uid + "\"}");
        subscribe(first, group);
        publish(other, group, "m0");
        assertEquals(1L, seq(first.expect("msg")));
        try {
            holder.stop(stop);

            closeCode.accept(first.closeCode());
            for (int i = 1; i <= 5; i++) {
                publish(other, group, "m" + i);
            }
            RawClient second = RawClient.connectTo(other.webSocket());
            JsonObject resumed = hello(second, "{\"type\":\"hello\",\"uid\":\"" + uid + "\",\"since\":1,\"resume\":\""
                    + welcome.getString("resume") + "\"}");

            assertTrue(resumed.getBoolean("resumed"), resumed.toString());
            for (int i = 1; i <= 5; i++) {
                JsonObject msg = second.expect("msg");
                assertEquals("m" + i, msg.getString("msg"));
                assertEquals(i + 1L, seq(msg));
            }
            assertNothingMore(second);
            second.close();
        } finally {
            holder.start();
            holder.awaitDeployed();
            rig.awaitSettled();
        }
    }

    private static JsonObject hello(RawClient client, String hello) {
        client.send(hello);
        return client.expect("welcome");
    }

    private static void subscribe(RawClient client, String filter) {
        client.send("{\"type\":\"sub\",\"id\":\"s\",\"group\":\"" + filter + "\"}");
        client.expect("ok");
    }

    private static void publish(ClusterReplica replica, String group, String msg) {
        assertEquals(202, replica.post("/watchbox/api/groups/" + group + "/messages", msg).statusCode());
    }

    private static int delete(ClusterReplica replica, String path) {
        return ClusterReplica.send(HttpRequest.newBuilder(java.net.URI.create(replica.baseUrl() + path)).DELETE()).statusCode();
    }

    /**
     * The session as the cluster-wide {@code GET /clients} of this replica shows it, once every replica
     * answered: on a loaded machine a replica may miss the view's deadline, and the view names it missing.
     */
    private static JsonObject session(ClusterReplica replica, String uid) {
        String body = replica.completeView("/watchbox/api/clients").body();
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readArray().stream().map(JsonValue::asJsonObject)
                    .filter(s -> s.getString("uid").equals(uid)).findFirst()
                    .orElseThrow(() -> new AssertionError("no session " + uid + " in " + body));
        }
    }

    private String replicaName(JsonObject session) {
        String id = session.getString("replica");
        for (ClusterReplica replica : List.of(libertyA, libertyB, payara)) {
            if (id.equals(replica.get("/watchbox/api/stats").headers().firstValue("Watchbox-Replica").orElse(""))) {
                return replica == libertyA ? "libertyA" : replica == libertyB ? "libertyB" : "payara";
            }
        }
        return id;
    }

    private static long seq(JsonObject msg) {
        return msg.getJsonNumber("seq").longValue();
    }

    private static void assertNothingMore(RawClient client) {
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> client.pending() == 0);
    }
}

package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bounds a client cannot stretch: what it costs the server is limited, and /stats shows it. */
class BoundsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * The escaping blow-up: a text/plain body of control bytes is kept JSON-escaped, six times its
     * size. The queue of an absent session holds at most maxqueuedbytes of it, whatever listlimit says.
     */
    @Test
    void anAbsentSessionsQueueHoldsAtMostMaxqueuedbytes() {
        String uid = Names.uid("heavy");
        String group = Names.group("heavy");
        RawClient subscriber = RawClient.hello(uid);
        PubSubIT.subscribe(subscriber, group);
        subscriber.abort();
        await().atMost(WAIT).until(() -> !Server.client(uid).getBoolean("connected"));

        String controlBytes = "\u0001".repeat(Server.MAXMESSAGE);
        for (int i = 0; i < Server.LISTLIMIT; i++) {
            HttpResponse<String> response = Server.send(HttpRequest.newBuilder(Server.api("/groups/" + group + "/messages"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(controlBytes)));
            assertEquals(202, response.statusCode(), response::body);
        }

        long held = Server.client(uid).getJsonNumber("queuedBytes").longValue();
        assertTrue(held > 0 && held <= Server.MAXQUEUEDBYTES, () -> held + " bytes held");
        JsonObject stats = Server.json(Server.get("/stats").body()).asJsonObject();
        assertTrue(stats.getJsonNumber("queuedBytes").longValue() >= held, stats::toString);
    }

    @Test
    void aSocketThatNeverSaysHelloIsClosedWith4408() {
        try (RawClient silent = RawClient.connect()) {
            assertEquals(4408, silent.closeCode(Duration.ofSeconds(Server.HELLOTIMEOUT_SECONDS + 20)));
        }
    }

    /**
     * The oversized-reply attack: a client that asks and never reads is cut off once 64 KiB of
     * replies wait in the server (1008). The close frame queues behind the unread replies, so the
     * client may see the connection break instead. On Payara the bound was not seen to trip: Tyrus
     * completed the sends while the client read nothing, so the replies waited in the container
     * rather than in Watchbox. There the client is ended by its session timeout (4408) or its broken connection,
     * and draining megabytes of queued replies keeps the server busy for a while afterwards, hence
     * the long wait for the next client (docs/security.md).
     */
    @Test
    void aClientThatNeverReadsItsRepliesIsCutOff() {
        String ping = "{\"type\":\"ping\",\"id\":\"" + "i".repeat(120) + "\"}";
        try (RawClient greedy = RawClient.connectPaused()) {
            greedy.send("{\"type\":\"hello\"}");
            // Far more than the socket buffers of both sides take (about 9 MB of pongs): the rest waits in the server.
            try {
                for (int i = 0; i < 60_000; i++) {
                    greedy.send(ping);
                }
            } catch (RuntimeException closedByTheServer) {
                // the server cut the connection while we were still sending
            }
            greedy.resume();
            int code = greedy.closeCode(Duration.ofSeconds(60));
            assertTrue(code == 1008 || code == -1 || code == 4408, () -> "closed with " + code);
        }
        try (RawClient next = RawClient.connect()) {
            next.send("{\"type\":\"hello\"}");
            assertEquals("welcome", next.next(Duration.ofSeconds(90)).getString("type"), "everyone else is served");
        }
    }
}

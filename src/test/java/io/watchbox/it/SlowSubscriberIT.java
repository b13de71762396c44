package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A subscriber that stops reading costs only itself: its own oldest messages. */
class SlowSubscriberIT {

    @Test
    void aSubscriberThatStopsReadingDoesNotDelayAFastOne() {
        String group = Names.group("slow-reader");
        String slowUid = Names.uid("stalled");
        // Enough bytes (about 20 MB) to fill the loopback socket buffers of the stalled reader.
        int count = 5000;
        String payload = "p".repeat(3900);
        try (RawClient stalled = RawClient.connectPaused();
             RawClient fast = RawClient.hello(Names.uid("fast"))) {
            stalled.send("{\"type\":\"hello\",\"uid\":\"" + slowUid + "\"}");
            stalled.send("{\"type\":\"sub\",\"group\":\"" + group + "\"}");
            await().atMost(Duration.ofSeconds(30)).until(() -> Server.client(slowUid) != null
                    && Server.client(slowUid).getJsonArray("groups").size() == 1);
            PubSubIT.subscribe(fast, group);

            long lastPing = System.nanoTime();
            for (int i = 1; i <= count; i++) {
                assertEquals(2, Server.publish(group, i + payload));
                JsonObject msg = fast.expect("msg");
                assertEquals(i, msg.getInt("seq"), "the fast subscriber misses nothing");
                // Silent clients time out after 4 s, however slow the machine; this one only stops reading.
                if (System.nanoTime() - lastPing > 1_000_000_000L) {
                    stalled.send("{\"type\":\"ping\"}");
                    fast.send("{\"type\":\"ping\"}");
                    fast.expect("pong");
                    lastPing = System.nanoTime();
                }
            }
            JsonObject slow = Server.client(slowUid);
            assertEquals(Server.LISTLIMIT, slow.getInt("queued"), "the stalled session keeps only its newest listlimit: " + slow);
        }
    }
}

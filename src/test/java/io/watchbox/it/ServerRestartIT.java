package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.client.WatchboxClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A Liberty restart forgets every session: the client comes back by itself and subscribes again. */
@Tag("liberty")
class ServerRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void afterARestartTheClientReconnectsResubscribesAndReceivesNewMessages() throws Exception {
        String group = Names.group("restart");
        Recorder recorder = new Recorder();
        WatchboxClient client = WatchboxClient.builder(Server.webSocketUri())
                .initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(1))
                .listener(recorder)
                .build();
        try {
            ClientResilienceIT.join(client.connect());
            ClientResilienceIT.join(client.subscribe(group, recorder));
            String uid = client.uid();

            try {
                Server.liberty("stop");
            } finally {
                Server.liberty("start");
            }

            await().atMost(WAIT).until(() -> recorder.reconnects.size() == 1);
            assertEquals(List.of(false), recorder.reconnects, "the restarted server did not know the session");
            await().atMost(WAIT).until(() -> {
                var entry = Server.client(uid);
                return entry != null && entry.getJsonArray("groups").size() == 1;
            });
            assertEquals(1, Server.publish(group, "after the restart"));
            await().atMost(WAIT).until(() -> recorder.texts().contains("after the restart"));
            assertEquals(1, recorder.disconnects.size());
        } finally {
            client.close();
        }
    }
}

package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.ConnectionListener;
import io.watchbox.client.WatchboxClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Liberty restart with 50 clients connected and subscribed: each comes back by itself with a
 * fresh session, subscribes again and receives a message published afterwards. Their reconnect
 * times are spread by the jittered backoff rather than all landing in one instant.
 */
@Tag("liberty")
class RestartUnderLoadIT {

    private static final int CLIENTS = 50;
    private static final Duration WAIT = Duration.ofSeconds(180);

    /** Records when the client came back. */
    static final class Comeback implements ConnectionListener {
        final List<Boolean> reconnects = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile long reconnectedAtMillis;

        @Override
        public void onReconnect(boolean resumed) {
            reconnectedAtMillis = System.currentTimeMillis();
            reconnects.add(resumed);
        }
    }

    @Test
    void everyClientComesBackByItselfWithSpreadOutReconnects() throws Exception {
        String group = Names.group("restart-load");
        List<WatchboxClient> clients = new ArrayList<>();
        List<Comeback> comebacks = new ArrayList<>();
        List<Recorder> recorders = new ArrayList<>();
        try {
            List<CompletableFuture<Void>> ready = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Comeback comeback = new Comeback();
                Recorder recorder = new Recorder();
                WatchboxClient client = WatchboxClient.builder(Server.webSocketUri())
                        .uid(Names.uid("restart" + i))
                        .initialBackoff(Duration.ofMillis(100))
                        .maxBackoff(Duration.ofSeconds(2))
                        .listener(comeback)
                        .build();
                clients.add(client);
                comebacks.add(comeback);
                recorders.add(recorder);
                ready.add(client.connect().thenCompose(ignored -> client.subscribe(group, recorder)).toCompletableFuture());
            }
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(CLIENTS, Server.publish(group, "before"));
            await().atMost(WAIT).until(() -> recorders.stream().allMatch(r -> r.texts().contains("before")));

            long stoppedAt = System.currentTimeMillis();
            Server.liberty("stop");
            ServerLog log = ServerLog.beforeStart();
            Server.liberty("start");
            long startedAt = System.currentTimeMillis();

            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertEquals(List.of(),
                    IntStream.range(0, CLIENTS).filter(i -> comebacks.get(i).reconnects.size() != 1)
                            .mapToObj(i -> clients.get(i).uid() + " reconnected " + comebacks.get(i).reconnects).toList(),
                    "each client reconnects once"));
            for (Comeback comeback : comebacks) {
                assertEquals(List.of(false), comeback.reconnects, "the restarted server did not know the session");
            }
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> allSubscribed(clients, group));
            assertEquals(CLIENTS, Server.publish(group, "after the restart"));
            await().atMost(WAIT).until(() -> recorders.stream().allMatch(r -> r.texts().contains("after the restart")));

            long first = comebacks.stream().mapToLong(c -> c.reconnectedAtMillis).min().orElseThrow();
            long last = comebacks.stream().mapToLong(c -> c.reconnectedAtMillis).max().orElseThrow();
            long distinct = comebacks.stream().mapToLong(c -> c.reconnectedAtMillis).distinct().count();
            System.out.printf("[RestartUnderLoadIT] stop+start took %d ms; %d clients reconnected from %d ms to %d ms"
                            + " after the start command returned: spread %d ms, %d distinct milliseconds%n",
                    startedAt - stoppedAt, CLIENTS, first - startedAt, last - startedAt, last - first, distinct);
            assertTrue(last - first > 0, "jittered backoff spreads the reconnects: " + (last - first) + " ms");
            List<String> errors = log.errorsSince();
            assertTrue(errors.isEmpty(), () -> "the server logged errors around the restart:\n" + String.join("\n", errors));
        } finally {
            clients.forEach(WatchboxClient::close);
        }
    }

    private static boolean allSubscribed(List<WatchboxClient> clients, String group) {
        Map<String, JsonObject> byUid = Server.json(Server.get("/clients").body()).asJsonArray().stream()
                .map(v -> v.asJsonObject()).collect(Collectors.toMap(c -> c.getString("uid"), c -> c));
        return clients.stream().allMatch(client -> {
            JsonObject entry = byUid.get(client.uid());
            return entry != null && entry.getBoolean("connected") && entry.getJsonArray("groups").size() == 1
                    && entry.getJsonArray("groups").getString(0).equals(group);
        });
    }
}

package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.WatchboxClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Java client through real faults: connections cut and frozen by a proxy, a server restart, close(). */
class ClientResilienceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private TcpProxy proxy;

    @BeforeEach
    void startProxy() throws Exception {
        proxy = new TcpProxy(URI.create(Server.baseUrl()).getPort());
    }

    @AfterEach
    void stopProxy() throws Exception {
        proxy.close();
    }

    private WatchboxClient client(Recorder recorder) {
        return WatchboxClient.builder(URI.create("ws://127.0.0.1:" + proxy.port() + "/watchbox"))
                .initialBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(500))
                .listener(recorder)
                .build();
    }

    @Test
    void aCutConnectionResumesWithEveryMessageOnceAndInOrder() {
        String group = Names.group("cut");
        Recorder recorder = new Recorder();
        WatchboxClient client = client(recorder);
        try {
            join(client.connect());
            join(client.subscribe(group, recorder));
            Server.publish(group, "m1");
            await().atMost(WAIT).until(() -> recorder.messages.size() == 1);

            proxy.refuse();
            proxy.cutAll();
            await().atMost(WAIT).until(() -> !Server.client(client.uid()).getBoolean("connected"));
            for (int i = 2; i <= 6; i++) {
                Server.publish(group, "m" + i);
            }
            proxy.allow();
            await().atMost(WAIT).until(() -> recorder.reconnects.size() == 1);
            Server.publish(group, "m7");

            List<String> expected = IntStream.rangeClosed(1, 7).mapToObj(i -> "m" + i).toList();
            await().atMost(WAIT).until(() -> recorder.messages.size() >= 7);
            assertEquals(expected, recorder.texts(), "every message exactly once, in order");
            assertEquals(1, recorder.disconnects.size(), "onDisconnect once: " + recorder.disconnects);
            assertEquals(List.of(true), recorder.reconnects);
            assertTrue(recorder.skipped.isEmpty());
        } finally {
            client.close();
        }
    }

    @Test
    void aFrozenConnectionIsDetectedAsDeadAndResumed() {
        String group = Names.group("frozen");
        Recorder recorder = new Recorder();
        WatchboxClient client = client(recorder);
        try {
            join(client.connect());
            join(client.subscribe(group, recorder));
            proxy.freezeAll();
            Server.publish(group, "during the freeze");
            await().atMost(WAIT).until(() -> recorder.reconnects.size() == 1);
            Server.publish(group, "after it");
            await().atMost(WAIT).until(() -> recorder.messages.size() >= 2);
            assertEquals(List.of("during the freeze", "after it"), recorder.texts());
            assertEquals(1, recorder.disconnects.size(), recorder.disconnects::toString);
        } finally {
            client.close();
        }
    }

    @Test
    void aGapLongerThanListlimitReportsTheExactSkippedCount() {
        String group = Names.group("gap");
        Recorder recorder = new Recorder();
        WatchboxClient client = client(recorder);
        try {
            join(client.connect());
            join(client.subscribe(group, recorder));
            proxy.refuse();
            proxy.cutAll();
            await().atMost(WAIT).until(() -> !Server.client(client.uid()).getBoolean("connected"));
            int away = Server.LISTLIMIT + 7;
            for (int i = 1; i <= away; i++) {
                Server.publish(group, "m" + i);
            }
            proxy.allow();
            await().atMost(WAIT).until(() -> recorder.reconnects.size() == 1);
            Server.publish(group, "after");
            await().atMost(WAIT).until(() -> recorder.texts().contains("after"));
            assertEquals(List.of(7L), recorder.skipped, "the queue kept the last listlimit; 7 were skipped");
            List<String> expected = IntStream.rangeClosed(8, away).mapToObj(i -> "m" + i).collect(
                    java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
            expected.add("after");
            assertEquals(expected, recorder.texts());
        } finally {
            client.close();
        }
    }

    @Test
    void closeSaysByeAndNeverReconnects() {
        Recorder recorder = new Recorder();
        WatchboxClient client = client(recorder);
        join(client.connect());
        String uid = client.uid();
        client.close();
        assertEquals(List.of("LEFT"), SessionsIT.endReasons(uid, "sync"));
        assertTrue(recorder.reconnects.isEmpty());
        assertFalse(client.isConnected());
    }

    static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
    }
}

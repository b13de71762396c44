package io.watchbox.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.FakeTransport.FakeConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CallbackIsolationTest {

    @Test
    void aHandlerThatThrowsDoesNotStopDeliveryToItOrToOthers() {
        Harness h = new Harness();
        List<String> got = new CopyOnWriteArrayList<>();
        h.client.subscribe("g", m -> {
            got.add("thrower " + m.text());
            throw new IllegalStateException("handler bug");
        });
        h.client.subscribe("#", m -> got.add("other " + m.text()));
        FakeConnection connection = h.connect();

        connection.msg(1, "g", "a");
        connection.msg(2, "g", "b");

        assertEquals(List.of("thrower a", "other a", "thrower b", "other b"), got);
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheClient() {
        List<String> got = new CopyOnWriteArrayList<>();
        Harness h = new Harness(b -> b.listener(new ConnectionListener() {
            @Override
            public void onDisconnect(String reason) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onReconnect(boolean resumed) {
                throw new AssertionError("listener bug");
            }
        }));
        h.client.subscribe("g", m -> got.add(m.text()));
        FakeConnection first = h.connect();

        first.breakWith(new IOException("reset"));
        FakeConnection second = h.reconnect(true);
        second.msg(1, "g", "after the drop");

        assertEquals(List.of("after the drop"), got);
    }

    @Test
    void handlersRunOnTheCallbackExecutorInOrder() {
        ExecutorService pool = Executors.newFixedThreadPool(4, task -> new Thread(task, "user-pool"));
        try {
            List<Long> seqs = new CopyOnWriteArrayList<>();
            Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Harness h = new Harness(b -> b.callbackExecutor(pool));
            h.client.subscribe("g", m -> {
                threads.add(Thread.currentThread().getName());
                seqs.add(m.seq());
            });
            FakeConnection connection = h.connect();

            for (long seq = 1; seq <= 200; seq++) {
                connection.msg(seq, "g", "m");
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> seqs.size() == 200);
            assertEquals(LongStream.rangeClosed(1, 200).boxed().collect(Collectors.toList()), seqs);
            assertEquals(Set.of("user-pool"), threads);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void byDefaultCallbacksRunOnTheClientsOwnDaemonThread() {
        FakeTransport transport = new FakeTransport();
        List<String> threads = new CopyOnWriteArrayList<>();
        WatchboxClient client = WatchboxClient.builder(Harness.SERVER).transport(transport).build();
        try {
            client.subscribe("g", m -> threads.add(Thread.currentThread().getName()
                    + (Thread.currentThread().isDaemon() ? " daemon" : "")));
            client.connect();
            await().atMost(Duration.ofSeconds(10)).until(transport::hasPendingDial);
            FakeConnection connection = transport.nextDial().accept();
            await().atMost(Duration.ofSeconds(10)).until(() -> !connection.types().isEmpty());
            connection.welcome("u1", false, 10);
            connection.msg(1, "g", "x");

            await().atMost(Duration.ofSeconds(10)).until(() -> !threads.isEmpty());
            assertTrue(threads.get(0).startsWith("watchbox-callbacks") && threads.get(0).endsWith("daemon"),
                    threads.get(0));
        } finally {
            client.close();
        }
    }
}

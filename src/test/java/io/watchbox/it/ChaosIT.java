package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.ConnectionListener;
import io.watchbox.client.Message;
import io.watchbox.client.MessageHandler;
import io.watchbox.client.WatchboxClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Many Java clients behind a proxy that resets, freezes and half-closes their connections and
 * refuses new ones at random, while REST publishes numbered messages to their groups. Afterwards,
 * for every client, within each session (a new one starts at every {@code onReconnect(false)}):
 * seq and the published numbers advance together, so every gap is exactly the skipped count
 * reported by {@code onSkipped}; nothing arrives twice or out of order; every client gets the last
 * message; and the server logged no error.
 *
 * <p>Bounds: {@code -Dchaos.clients} (default 120), {@code -Dchaos.seconds} (default 25, at most 45).
 */
@Tag("liberty")
class ChaosIT {

    private static final int CLIENTS = Integer.getInteger("chaos.clients", 120);
    private static final int GROUPS = 12;
    private static final Duration CHAOS = Duration.ofSeconds(Math.min(45, Integer.getInteger("chaos.seconds", 25)));
    private static final int MAX_PUBLISHES = 20_000;
    private static final int PUBLISHES_PER_SECOND = 150;
    private static final Duration WAIT = Duration.ofSeconds(120);

    /** What one client's callbacks saw, in the order they ran. */
    static final class Trace implements MessageHandler, ConnectionListener {
        /** "m SEQ NUMBER", "s COUNT", "r true|false", "d REASON". */
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile long lastNumber;

        @Override
        public void onMessage(Message message) {
            events.add("m " + message.seq() + " " + message.text());
            lastNumber = Long.parseLong(message.text());
        }

        @Override
        public void onSkipped(long count) {
            events.add("s " + count);
        }

        @Override
        public void onReconnect(boolean resumed) {
            events.add("r " + resumed);
        }

        @Override
        public void onDisconnect(String reason) {
            events.add("d " + reason);
        }
    }

    @Test
    void underRandomFaultsEveryClientGetsWhatItsSeqPromisesExactlyOnceAndInOrder() throws Exception {
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        System.out.println("[ChaosIT] seed " + seed + ", " + CLIENTS + " clients, " + CHAOS.toSeconds() + " s of chaos");
        Random random = new Random(seed);
        ServerLog log = ServerLog.mark();
        String prefix = Names.group("chaos");
        List<String> groups = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            groups.add(prefix + "/" + g);
        }
        long[] published = new long[GROUPS];

        try (TcpProxy proxy = new TcpProxy(URI.create(Server.baseUrl()).getPort())) {
            URI uri = URI.create("ws://127.0.0.1:" + proxy.port() + "/watchbox");
            List<WatchboxClient> clients = new ArrayList<>();
            List<Trace> traces = new ArrayList<>();
            try {
                List<CompletableFuture<Void>> subscribed = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    Trace trace = new Trace();
                    WatchboxClient client = WatchboxClient.builder(uri)
                            .uid(Names.uid("chaos" + i))
                            .initialBackoff(Duration.ofMillis(50))
                            .maxBackoff(Duration.ofSeconds(1))
                            .connectTimeout(Duration.ofSeconds(10))
                            .listener(trace)
                            .build();
                    clients.add(client);
                    traces.add(trace);
                    String group = groups.get(index(i));
                    subscribed.add(client.connect().thenCompose(ignored -> client.subscribe(group, trace))
                            .toCompletableFuture());
                }
                CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

                // Chaos and publishing, side by side, bounded in time and count.
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong publishes = new AtomicLong();
                Thread publisher = new Thread(() -> {
                    long interval = TimeUnit.SECONDS.toNanos(1) / PUBLISHES_PER_SECOND;
                    long next = System.nanoTime();
                    for (int n = 0; !stop.get() && n < MAX_PUBLISHES; n++) {
                        int g = n % GROUPS;
                        Server.publish(groups.get(g), Long.toString(++published[g]));
                        publishes.incrementAndGet();
                        next += interval;
                        LockSupport.parkNanos(next - System.nanoTime()); // pacing the load, not waiting for a result
                    }
                }, "chaos-publisher");
                AtomicLong publisherFailed = new AtomicLong();
                publisher.setUncaughtExceptionHandler((t, e) -> {
                    publisherFailed.incrementAndGet();
                    e.printStackTrace();
                });
                publisher.start();
                long end = System.nanoTime() + CHAOS.toNanos();
                while (System.nanoTime() < end) {
                    switch (random.nextInt(10)) {
                        case 0, 1, 2 -> proxy.cutOne(random);
                        case 3, 4 -> proxy.freezeOne(random, Duration.ofMillis(500 + random.nextInt(6000)));
                        case 5, 6 -> proxy.halfCloseOne(random);
                        case 7 -> proxy.refuseFor(Duration.ofMillis(100 + random.nextInt(1500)));
                        default -> {
                            // a quiet moment
                        }
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50 + random.nextInt(150))); // pacing the chaos
                }
                stop.set(true);
                publisher.join(WAIT.toMillis());
                assertEquals(0, publisherFailed.get(), "every REST publish was accepted");
                proxy.heal();
                System.out.printf("[ChaosIT] %d publishes; %d cuts, %d freezes, %d half-closes, %d refusal windows%n",
                        publishes.get(), proxy.cuts.get(), proxy.freezes.get(), proxy.halfCloses.get(),
                        proxy.refusals.get());

                // Drain: everyone back and subscribed, then one last message per group reaches everyone.
                await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> allSubscribed(clients, groups));
                for (int g = 0; g < GROUPS; g++) {
                    Server.publish(groups.get(g), Long.toString(++published[g]));
                }
                await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                    for (int i = 0; i < CLIENTS; i++) {
                        if (traces.get(i).lastNumber != published[index(i)]) {
                            return false;
                        }
                    }
                    return true;
                });
            } finally {
                clients.forEach(WatchboxClient::close);
            }

            Map<String, Integer> summary = new HashMap<>();
            for (int i = 0; i < CLIENTS; i++) {
                check(clients.get(i).uid(), traces.get(i).events, published[index(i)], summary);
            }
            System.out.println("[ChaosIT] " + summary);
        }
        List<String> errors = log.errorsSince();
        assertTrue(errors.isEmpty(), () -> "the server logged errors:\n" + String.join("\n", errors));
    }

    private static int index(int client) {
        return client % GROUPS;
    }

    /** Every client connected, and the server has it subscribed to its group. */
    private static boolean allSubscribed(List<WatchboxClient> clients, List<String> groups) {
        if (!clients.stream().allMatch(WatchboxClient::isConnected)) {
            return false;
        }
        Map<String, JsonObject> byUid = Server.json(Server.get("/clients").body()).asJsonArray().stream()
                .map(v -> v.asJsonObject()).collect(Collectors.toMap(c -> c.getString("uid"), c -> c));
        for (int i = 0; i < clients.size(); i++) {
            JsonObject entry = byUid.get(clients.get(i).uid());
            if (entry == null || !entry.getBoolean("connected")
                    || !entry.getJsonArray("groups").getString(0, "").equals(groups.get(index(i)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The contract's promises for one client. Within one session, seq counts the messages queued
     * for it, one per publish to its group after it subscribed: so (number - seq) stays constant,
     * and a seq gap is exactly the skipped count. Across sessions, numbers only grow. A fresh
     * session (after the old one timed out) misses what was published while it had none, unreported:
     * that is what {@code resumed: false} means.
     */
    private static void check(String uid, List<String> events, long publishedToGroup, Map<String, Integer> summary) {
        long lastSeq = 0;
        long lastNumber = 0;
        Long offset = null;
        long pendingSkip = 0;
        long received = 0;
        long skipped = 0;
        int sessions = 1;
        for (String event : events) {
            String[] parts = event.split(" ", 3);
            switch (parts[0]) {
                case "m" -> {
                    long seq = Long.parseLong(parts[1]);
                    long number = Long.parseLong(parts[2]);
                    assertTrue(number > lastNumber, () -> uid + ": message " + number + " after " + event + " in " + events);
                    long previous = lastSeq;
                    long reported = pendingSkip;
                    assertTrue(seq > previous, () -> uid + ": seq " + seq + " after " + previous);
                    assertEquals(seq - previous - 1, reported, () -> uid + ": the gap before seq " + seq
                            + " was reported as " + reported + ": " + events);
                    if (offset == null) {
                        offset = number - seq;
                    } else {
                        assertEquals(offset.longValue(), number - seq, () -> uid + ": seq and published numbers parted at "
                                + event + ": " + events);
                    }
                    lastSeq = seq;
                    lastNumber = number;
                    pendingSkip = 0;
                    received++;
                }
                case "s" -> {
                    pendingSkip += Long.parseLong(parts[1]);
                    skipped += Long.parseLong(parts[1]);
                }
                case "r" -> {
                    if (parts[1].equals("false")) {
                        sessions++;
                        lastSeq = 0;
                        offset = null;
                        pendingSkip = 0;
                    }
                }
                default -> {
                }
            }
        }
        assertEquals(publishedToGroup, lastNumber, uid + " got the last message");
        if (sessions == 1) {
            assertEquals(publishedToGroup, received + skipped,
                    uid + ": one session from start to end, so received + skipped == published");
            summary.merge("one session", 1, Integer::sum);
        } else {
            summary.merge("fresh sessions", 1, Integer::sum);
        }
        if (skipped > 0) {
            summary.merge("reported skips", 1, Integer::sum);
        }
        summary.merge("messages received", (int) received, Integer::sum);
        summary.merge("messages skipped", (int) skipped, Integer::sum);
    }
}

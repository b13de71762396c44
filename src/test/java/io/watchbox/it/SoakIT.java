package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.watchbox.client.WatchboxClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The soak: mixed traffic for {@code -Dsoak.minutes} minutes (skipped when it is not set), sampling
 * the server's heap after a full GC every {@code -Dsoak.sampleSeconds} (default 30) with jcmd. The
 * heap after GC must stay flat: the last quarter of the samples may not exceed the first sample taken
 * after warm-up by more than 20% + 8 MiB.
 *
 * <pre>./mvnw -B verify -pl src -am -Dit.test=SoakIT -Dsoak.minutes=30 -DskipUTs -Dsurefire.skip=true \
 *     -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * Traffic: 40 long-lived Java clients on 8 groups, publishing through the client and through REST;
 * churn (a client closes and a new uid takes its place; a raw client drops without bye and its
 * session times out); a subscriber that never reads; wildcard subscribers.
 */
@Tag("liberty")
class SoakIT {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final int CLIENTS = 40;
    private static final int GROUPS = 8;

    @Test
    void heapAfterGcStaysFlatUnderMixedTraffic() throws Exception {
        String minutes = System.getProperty("soak.minutes");
        assumeTrue(minutes != null && !minutes.isBlank(), "the soak runs only with -Dsoak.minutes=N");
        Duration length = Duration.ofMinutes(Long.parseLong(minutes.strip()));
        Duration sampleEvery = Duration.ofSeconds(Integer.getInteger("soak.sampleSeconds", 30));
        Random random = new Random(Long.getLong("soak.seed", System.nanoTime()));
        String prefix = Names.group("soak");
        ServerLog log = ServerLog.mark();

        List<WatchboxClient> clients = new ArrayList<>();
        List<Recorder> recorders = new ArrayList<>();
        AtomicLong restPublished = new AtomicLong();
        AtomicLong clientPublished = new AtomicLong();
        AtomicLong churned = new AtomicLong();
        List<long[]> samples = new ArrayList<>();
        try (RawClient neverReads = RawClient.connectPaused()) {
            neverReads.send("{\"type\":\"hello\",\"uid\":\"" + Names.uid("soak-stalled") + "\"}");
            neverReads.send("{\"type\":\"sub\",\"group\":\"" + prefix + "/#\"}");
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(null);
                recorders.add(null);
                replace(clients, recorders, i, prefix);
            }
            long start = System.nanoTime();
            long end = start + length.toNanos();
            long nextSample = start;
            long n = 0;
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= nextSample) {
                    long usedKb = heapAfterGcKb();
                    long at = Duration.ofNanos(System.nanoTime() - start).toSeconds();
                    samples.add(new long[] {at, usedKb});
                    System.out.printf("[SoakIT] t=%4ds heap after GC %6d KiB; published rest=%d client=%d; churned %d%n",
                            at, usedKb, restPublished.get(), clientPublished.get(), churned.get());
                    nextSample += sampleEvery.toNanos();
                }
                n++;
                String group = prefix + "/" + random.nextInt(GROUPS);
                int dice = random.nextInt(100);
                if (dice < 50) {
                    Server.publish(group, "rest " + n + " " + "x".repeat(random.nextInt(1000)));
                    restPublished.incrementAndGet();
                } else if (dice < 90) {
                    clients.get(random.nextInt(CLIENTS)).publish("client " + n, group);
                    clientPublished.incrementAndGet();
                } else if (dice < 95) {
                    replace(clients, recorders, random.nextInt(CLIENTS), prefix);
                    churned.incrementAndGet();
                } else {
                    // A client that vanishes without bye: its session waits for the timeout, then ends.
                    RawClient gone = RawClient.hello(Names.uid("soak-gone"));
                    gone.send("{\"type\":\"sub\",\"group\":\"" + group + "\"}");
                    gone.abort();
                    churned.incrementAndGet();
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // pacing the load: ~150 operations a second
            }
            samples.add(new long[] {Duration.ofNanos(System.nanoTime() - start).toSeconds(), heapAfterGcKb()});
            for (int i = 0; i < CLIENTS; i++) {
                Recorder recorder = recorders.get(i);
                String group = prefix + "/" + (i % GROUPS);
                String last = "last " + i;
                assertEquals(true, Server.publish(group, last) >= 1);
                await().atMost(Duration.ofSeconds(60)).until(() -> recorder.texts().contains(last));
            }
        } finally {
            clients.forEach(client -> {
                if (client != null) {
                    client.close();
                }
            });
        }
        System.out.println("[SoakIT] samples (seconds=KiB after GC): " + samples.stream().map(s -> s[0] + "s=" + s[1])
                .toList());
        // The IT deployment's EventRecorder keeps at most its newest 10,000 events (a few MiB), within the slack.
        int warm = Math.min(2, samples.size() - 1);
        long[] base = samples.get(warm);
        long[] worst = base;
        for (long[] sample : samples.subList(Math.max(warm + 1, samples.size() * 3 / 4), samples.size())) {
            if (sample[1] > worst[1]) {
                worst = sample;
            }
        }
        long allowed = base[1] + base[1] / 5 + 8 * 1024;
        System.out.printf("[SoakIT] baseline %d KiB at t=%ds; last quarter worst %d KiB at t=%ds; allowed %d KiB%n",
                base[1], base[0], worst[1], worst[0], allowed);
        assertTrue(worst[1] <= allowed, "heap after GC grew from " + base[1] + " KiB to " + worst[1] + " KiB");
        List<String> errors = log.errorsSince();
        assertTrue(errors.isEmpty(), () -> "the server logged errors:\n" + String.join("\n", errors));
    }

    /** Closes the client at {@code i} (bye) and puts a new uid in its place, on group i % GROUPS and a wildcard. */
    private static void replace(List<WatchboxClient> clients, List<Recorder> recorders, int i, String prefix) {
        WatchboxClient old = clients.get(i);
        if (old != null) {
            old.close();
        }
        Recorder recorder = new Recorder();
        WatchboxClient client = WatchboxClient.builder(Server.webSocketUri()).uid(Names.uid("soak" + i))
                .initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(2)).listener(recorder).build();
        ClientResilienceIT.join(client.connect());
        ClientResilienceIT.join(client.subscribe(prefix + "/" + (i % GROUPS), recorder));
        if (i % 10 == 0) {
            ClientResilienceIT.join(client.subscribe(prefix + "/+", recorder));
        }
        clients.set(i, client);
        recorders.set(i, recorder);
    }

    /** Full GC in the server, then its used heap in KiB, via jcmd on Liberty's pid. */
    static long heapAfterGcKb() throws Exception {
        String pid = Long.toString(Server.pid());
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher used = USED.matcher(info);
        assertTrue(used.find(), "no 'used NK' in GC.heap_info: " + info);
        return Long.parseLong(used.group(1));
    }

    private static String jcmd(String pid, String command) throws Exception {
        Process process = new ProcessBuilder("jcmd", pid, command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("jcmd " + command + " failed: " + out);
        }
        return out;
    }
}

package io.watchbox.bench;

import io.watchbox.bench.Clients.Driver;
import io.watchbox.bench.Clients.Endpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs one workload against one system and appends one result line ({@code key=value ...}) to the
 * results file. bench/run starts and stops the servers and calls this once per workload and system.
 *
 * <p>Usage: {@code LoadGenerator WORKLOAD --system watchbox|mosquitto --url URL --out FILE [options]}
 */
public final class LoadGenerator {

    /**
     * How far the slowest subscriber of a group may fall behind its publisher, in messages, the same
     * for both systems: below Watchbox's listlimit (50 in the run), so a closed-loop run loses nothing.
     */
    private static final int WINDOW_MESSAGES = 20;
    private static final int PAYLOAD_BYTES = 64;
    /** USER_HZ, 100 on every Linux this runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final Map<String, String> args;
    private final String system;
    private final Path out;

    private LoadGenerator(Map<String, String> args) {
        this.args = args;
        this.system = args.get("system");
        this.out = Path.of(args.get("out"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 1; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        LoadGenerator generator = new LoadGenerator(args);
        switch (argv[0]) {
            case "fanout" -> generator.fanout();
            case "many" -> generator.manyToMany();
            case "openloop" -> generator.openLoop();
            case "idle" -> generator.idle();
            case "listlimit" -> generator.listlimit();
            case "storm" -> generator.storm();
            default -> throw new IllegalArgumentException("unknown workload " + argv[0]);
        }
        System.exit(0);
    }

    private int intArg(String key, int fallback) {
        return args.containsKey(key) ? Integer.parseInt(args.get(key)) : fallback;
    }

    /** Subscribers: the same lean blocking WebSocket transport for both systems. */
    private Driver subscriberDriver() {
        URI uri = URI.create(args.get("url"));
        return isWatchbox(system) ? new LeanClients.Watchbox(uri) : new LeanClients.Mqtt(uri);
    }

    /** Publishers: the lean client for Watchbox, Eclipse Paho for Mosquitto. */
    private Driver publisherDriver() {
        URI uri = URI.create(args.get("url"));
        return isWatchbox(system) ? new LeanClients.Watchbox(uri) : new Clients.Paho(args.get("url"));
    }

    /** The driver for many idle connections: raw WebSocket for both. */
    private Driver leanDriver() {
        URI uri = URI.create(args.get("url"));
        return isWatchbox(system) ? new Clients.Watchbox(uri) : new Clients.RawMqtt(uri);
    }

    // ---- 1 and 2: fan-out and many-to-many -------------------------------------------------------

    private void fanout() throws Exception {
        int subscribers = intArg("n", 100);
        int seconds = intArg("seconds", 5);
        Map<String, Object> r = pubSub("fanout", 1, subscribers, seconds, 0);
        r.put("n", subscribers);
        write(r);
    }

    /**
     * Open loop: one publisher to {@code n} subscribers at a fixed offered rate ({@code rate}
     * publishes per second), whatever the server does. Latency counts from when each message was
     * due, not from when it could be sent, so a server that falls behind shows it (no coordinated
     * omission).
     */
    private void openLoop() throws Exception {
        int subscribers = intArg("n", 100);
        int seconds = intArg("seconds", 5);
        int rate = intArg("rate", 100);
        Map<String, Object> r = pubSub("openloop", 1, subscribers, seconds, rate);
        r.put("n", subscribers);
        r.put("offered_per_s", (long) rate * subscribers);
        write(r);
    }

    private void manyToMany() throws Exception {
        int groups = intArg("groups", 100);
        int perGroup = intArg("per-group", 10);
        int seconds = intArg("seconds", 5);
        Map<String, Object> r = pubSub("many", groups, perGroup, seconds, 0);
        r.put("n", groups * perGroup);
        write(r);
    }

    /**
     * Closed-loop load ({@code rate} 0): each publisher sends as fast as the slowest subscriber of
     * its group allows, keeping it at most WINDOW_MESSAGES behind. A run that stops making progress
     * for 3 s ends early, and whatever never arrived counts as lost. Open-loop load ({@code rate}
     * publishes per second): each message is sent when it is due, stamped with that time.
     */
    private Map<String, Object> pubSub(String workload, int groups, int perGroup, int seconds, int rate) throws Exception {
        Recorder latency = new Recorder(3);
        AtomicLong received = new AtomicLong();
        int subscriberCount = groups * perGroup;
        AtomicLongArray receivedBy = new AtomicLongArray(subscriberCount);
        AtomicIntegerArray subscribed = new AtomicIntegerArray(subscriberCount);
        String prefix = workload + "-" + System.nanoTime() % 100000;
        List<Endpoint> endpoints = new ArrayList<>();
        List<Endpoint> publishers = new ArrayList<>();
        try (Driver driver = subscriberDriver(); Driver publisherDriver = publisherDriver()) {
            long connectErrors = connectAll(driver, subscriberCount, 256, i -> {
                String group = prefix + "/g" + (i % groups);
                return driver.connect(prefix + "-s" + i, group, null, (g, payload, seq) -> {
                    long sent = Long.parseLong(payload, 0, payload.indexOf('|'), 10);
                    latency.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
                    receivedBy.incrementAndGet(i);
                    received.incrementAndGet();
                }).thenApply(e -> {
                    subscribed.set(i, 1);
                    return e;
                });
            }, endpoints);
            connectAll(publisherDriver, groups, 16, i -> publisherDriver.connect(prefix + "-p" + i, null, null, null),
                    publishers);
            latency.reset();
            long serverPid = Long.parseLong(args.get("pid"));
            long serverCpuBefore = cpuNanos(serverPid);
            long generatorCpuBefore = cpuNanos(ProcessHandle.current().pid());

            // Subscribers that failed to connect never receive: the window only waits for connected ones.
            boolean[] connected = new boolean[subscriberCount];
            for (int i = 0; i < subscriberCount; i++) {
                connected[i] = subscribed.get(i) == 1;
            }
            long framesBefore = LeanClients.FRAMES_RECEIVED.sum();
            long[] sentTo = new long[groups];
            long expected = 0;
            long sent = 0;
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long lastProgress = start;
            long lastReceived = 0;
            boolean stalled = false;
            int next = 0;
            int blockedInARow = 0;
            while (rate > 0 && System.nanoTime() < end) {
                long due = start + sent * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                int p = (int) (sent % groups);
                publishers.get(p).publish(prefix + "/g" + p, payload(due));
                sent++;
                sentTo[p]++;
                expected += subscribersOf(connected, p, groups);
            }
            while (rate == 0 && System.nanoTime() < end) {
                int p = next % groups;
                long slowest = slowestSubscriber(receivedBy, connected, p, groups, sentTo[p]);
                if (sentTo[p] - slowest >= WINDOW_MESSAGES) {
                    next++;
                    if (++blockedInARow < groups) {
                        continue; // another group may be free to publish
                    }
                    blockedInARow = 0;
                    long now = System.nanoTime();
                    long got = received.get();
                    if (got != lastReceived) {
                        lastReceived = got;
                        lastProgress = now;
                    } else if (now - lastProgress > TimeUnit.SECONDS.toNanos(3)) {
                        stalled = true;
                        break;
                    }
                    // Two cores: spinning would steal the CPU the brokers and receivers need.
                    LockSupport.parkNanos(20_000);
                    continue;
                }
                next++;
                blockedInARow = 0;
                publishers.get(p).publish(prefix + "/g" + p, payload(System.nanoTime()));
                sent++;
                sentTo[p]++;
                expected += subscribersOf(connected, p, groups);
                lastProgress = System.nanoTime();
            }
            long elapsed = System.nanoTime() - start;
            long frames = LeanClients.FRAMES_RECEIVED.sum() - framesBefore;
            long serverCpu = cpuNanos(serverPid) - serverCpuBefore;
            long generatorCpu = cpuNanos(ProcessHandle.current().pid()) - generatorCpuBefore;
            long deliveredInTime = Math.max(1, received.get());
            long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (received.get() < expected && System.nanoTime() < drainUntil) {
                Thread.sleep(10);
            }
            Histogram h = latency.getIntervalHistogram();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("workload", workload);
            r.put("system", system); // the run's name: watchbox on Liberty or on Payara, or mosquitto
            r.put("published", sent);
            r.put("delivered", received.get());
            r.put("delivered_per_s", Math.round(received.get() / (elapsed / 1e9)));
            // Frames the subscribers read while publishing lasted: below delivered/s when frames are batched.
            r.put("frames_per_s", Math.round(frames / (elapsed / 1e9)));
            r.put("p50_us", h.getValueAtPercentile(50));
            r.put("p99_us", h.getValueAtPercentile(99));
            r.put("p999_us", h.getValueAtPercentile(99.9));
            r.put("max_us", h.getMaxValue());
            r.put("lost", Math.max(0, expected - received.get()));
            r.put("server_cpu_us_per_delivery", Math.round(serverCpu / 1000.0 / deliveredInTime * 10) / 10.0);
            r.put("generator_cpu_us_per_delivery", Math.round(generatorCpu / 1000.0 / deliveredInTime * 10) / 10.0);
            r.put("stalled", stalled);
            r.put("connect_errors", connectErrors);
            return r;
        } finally {
            closeAll(endpoints);
            closeAll(publishers);
        }
    }

    /** The fewest messages any connected subscriber of group p has received (at most {@code ceiling}). */
    private static long slowestSubscriber(AtomicLongArray receivedBy, boolean[] connected, int p, int groups, long ceiling) {
        long slowest = ceiling;
        for (int i = p; i < connected.length; i += groups) {
            if (connected[i]) {
                slowest = Math.min(slowest, receivedBy.get(i));
            }
        }
        return slowest;
    }

    private static int subscribersOf(boolean[] connected, int p, int groups) {
        int n = 0;
        for (int i = p; i < connected.length; i += groups) {
            n += connected[i] ? 1 : 0;
        }
        return n;
    }

    /** CPU time (user + system) a process has used so far, from /proc/PID/stat. */
    private static long cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }

    private static String payload(long nanos) {
        StringBuilder b = new StringBuilder(PAYLOAD_BYTES).append(nanos).append('|');
        while (b.length() < PAYLOAD_BYTES) {
            b.append('x');
        }
        return b.toString();
    }

    // ---- 3: idle clients -------------------------------------------------------------------------

    private void idle() throws Exception {
        int clients = intArg("n", 10000);
        long pid = Long.parseLong(args.get("pid"));
        ProcessMemory before = ProcessMemory.measure(pid, isWatchbox(system));
        List<Endpoint> endpoints = new ArrayList<>();
        String prefix = "idle-" + System.nanoTime() % 100000;
        long errors;
        try (Driver driver = leanDriver()) {
            errors = connectAll(driver, clients, 1000,
                    i -> driver.connect(prefix + "-" + i, "idle/g" + (i % 100), null, null), endpoints);
            ProcessMemory after = ProcessMemory.measure(pid, isWatchbox(system));
            Thread.sleep(TimeUnit.SECONDS.toMillis(intArg("hold", 0))); // time for a heap histogram by hand
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("workload", "idle");
            r.put("system", system);
            r.put("n", clients);
            r.put("connected", endpoints.size());
            r.put("errors", errors);
            r.put("heap_before_kib", before.heapKib());
            r.put("heap_after_kib", after.heapKib());
            r.put("heap_per_client_kib", perClient(after.heapKib() - before.heapKib(), endpoints.size()));
            r.put("rss_before_kib", before.rssKib());
            r.put("rss_after_kib", after.rssKib());
            r.put("rss_per_client_kib", perClient(after.rssKib() - before.rssKib(), endpoints.size()));
            write(r);
        } finally {
            closeAll(endpoints);
        }
    }

    private static String perClient(long kib, int clients) {
        return clients == 0 || kib < 0 ? "n/a" : String.format("%.2f", (double) kib / clients);
    }

    // ---- 4: memory against listlimit (Watchbox only) ----------------------------------------------

    private void listlimit() throws Exception {
        int sessions = intArg("n", 1000);
        int messages = intArg("messages", 200);
        int limit = intArg("listlimit", 50);
        long pid = Long.parseLong(args.get("pid"));
        String prefix = "away" + limit + "-" + System.nanoTime() % 100000;
        String group = prefix + "/away";
        List<Endpoint> away = new ArrayList<>();
        try (Driver driver = new Clients.Watchbox(URI.create(args.get("url")))) {
            // Warm the server up first (class loading, container caches), so the baseline holds them.
            List<Endpoint> warm = new ArrayList<>();
            connectAll(driver, sessions, 1000, i -> driver.connect(prefix + "-warm" + i, group + "warm", null, null), warm);
            closeAll(warm);
            Thread.sleep(1000);
            ProcessMemory before = ProcessMemory.measure(pid, true);
            // Only sessions that subscribed and later resumed are measured; failed connects are counted.
            AtomicIntegerArray measured = new AtomicIntegerArray(sessions);
            long connectErrors = connectAll(driver, sessions, 1000, i -> driver.connect(prefix + "-" + i, group, null, null)
                    .thenApply(e -> {
                        measured.set(i, 1);
                        return e;
                    }), away);
            away.forEach(Endpoint::drop);
            Thread.sleep(1500);
            List<Endpoint> pub = new ArrayList<>();
            connectAll(driver, 1, 1, i -> driver.connect(prefix + "-pub", null, null, null), pub);
            for (int m = 0; m < messages; m++) {
                pub.get(0).publish(group, payload(System.nanoTime()));
            }
            Thread.sleep(1000);
            ProcessMemory held = ProcessMemory.measure(pid, true);

            // Resume every session from seq 0: the first seq received tells how many were skipped.
            AtomicLongArray firstSeq = new AtomicLongArray(sessions);
            AtomicLong received = new AtomicLong();
            List<Endpoint> resumed = new ArrayList<>();
            connectErrors += connectAll(driver, sessions, 1000, i -> driver.connect(prefix + "-" + i, null, 0L, (g, p, seq) -> {
                firstSeq.compareAndSet(i, 0, seq);
                received.incrementAndGet();
            }).thenApply(e -> {
                measured.incrementAndGet(i);
                return e;
            }), resumed);
            int count = 0;
            for (int i = 0; i < sessions; i++) {
                count += measured.get(i) == 2 ? 1 : 0;
            }
            long expected = (long) count * Math.min(limit, messages);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.get() < expected && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            long skipped = 0;
            for (int i = 0; i < sessions; i++) {
                if (measured.get(i) == 2) {
                    skipped += firstSeq.get(i) == 0 ? messages : firstSeq.get(i) - 1;
                }
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("workload", "listlimit");
            r.put("system", "watchbox");
            r.put("listlimit", limit);
            r.put("sessions", sessions);
            r.put("measured_sessions", count);
            r.put("connect_errors", connectErrors);
            r.put("messages", messages);
            r.put("heap_kib", held.heapKib() - before.heapKib());
            r.put("heap_per_session_kib", perClient(held.heapKib() - before.heapKib(), sessions));
            r.put("received_per_session", String.format("%.1f", (double) received.get() / Math.max(1, count)));
            r.put("skipped_per_session", String.format("%.1f", (double) skipped / Math.max(1, count)));
            r.put("expected_skipped", Math.max(0, messages - limit));
            write(r);
            closeAll(resumed);
            closeAll(pub);
        }
    }

    // ---- 5: connect storm ----------------------------------------------------------------------------

    private void storm() throws Exception {
        int clients = intArg("n", 5000);
        String prefix = "storm-" + System.nanoTime() % 100000;
        ConcurrentLinkedQueue<Endpoint> connected = new ConcurrentLinkedQueue<>();
        AtomicLong slowest = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        try (Driver driver = leanDriver()) {
            long start = System.nanoTime();
            CompletableFuture<?>[] all = new CompletableFuture<?>[clients];
            for (int i = 0; i < clients; i++) {
                long t0 = System.nanoTime();
                all[i] = driver.connect(prefix + "-" + i, null, null, null).whenComplete((e, failure) -> {
                    if (failure != null) {
                        errors.incrementAndGet();
                    } else {
                        connected.add(e);
                        slowest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    }
                });
            }
            try {
                CompletableFuture.allOf(all).get(90, TimeUnit.SECONDS);
            } catch (Exception e) {
                // counted per client in errors
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("workload", "storm");
            r.put("system", system);
            r.put("n", clients);
            r.put("connected", connected.size());
            r.put("errors", errors.get());
            r.put("connects_per_s", Math.round(connected.size() / elapsed));
            r.put("slowest_ms", slowest.get() / 1_000_000);
            write(r);
        } finally {
            closeAll(new ArrayList<>(connected));
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    interface Connector {
        CompletableFuture<Endpoint> connect(int i) throws Exception;
    }

    /** Connects count clients, at most parallel at a time; returns how many failed. */
    private static long connectAll(Driver driver, int count, int parallel, Connector connector, List<Endpoint> into)
            throws Exception {
        Semaphore permits = new Semaphore(parallel);
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<Endpoint> done = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
            permits.acquire();
            CompletableFuture<Endpoint> f;
            try {
                f = connector.connect(i);
            } catch (Exception e) {
                f = CompletableFuture.failedFuture(e);
            }
            all.add(f.orTimeout(60, TimeUnit.SECONDS).whenComplete((e, failure) -> {
                permits.release();
                if (failure != null) {
                    if (errors.getAndIncrement() < 3) {
                        System.err.println(driver.name() + " connect failed: " + failure);
                    }
                } else {
                    done.add(e);
                }
            }));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            // failures are counted
        }
        into.addAll(done);
        return errors.get() + (count - all.size());
    }

    private static void closeAll(List<Endpoint> endpoints) {
        for (Endpoint e : endpoints) {
            try {
                e.close();
            } catch (RuntimeException ignored) {
                // best effort at the end of a workload
            }
        }
    }

    private void write(Map<String, Object> result) throws IOException {
        StringBuilder line = new StringBuilder();
        result.forEach((k, v) -> line.append(line.length() == 0 ? "" : " ").append(k).append('=').append(v));
        System.out.println("result " + line);
        Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Heap after a full GC (via jcmd, JVMs only) and resident set size of a server process. */
    record ProcessMemory(long heapKib, long rssKib) {
        private static final Pattern USED = Pattern.compile("used (\\d+)K");

        static ProcessMemory measure(long pid, boolean jvm) throws Exception {
            long heap = -1;
            if (jvm) {
                run("jcmd", Long.toString(pid), "GC.run");
                run("jcmd", Long.toString(pid), "GC.run");
                Matcher m = USED.matcher(run("jcmd", Long.toString(pid), "GC.heap_info"));
                if (m.find()) {
                    heap = Long.parseLong(m.group(1));
                }
            }
            long rss = -1;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
            return new ProcessMemory(heap, rss);
        }

        private static String run(String... command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return output;
        }
    }

    /** "watchbox" (on Open Liberty) and "watchbox-payara" speak Watchbox; "mosquitto" speaks MQTT. */
    static boolean isWatchbox(String system) {
        return system.startsWith("watchbox");
    }
}

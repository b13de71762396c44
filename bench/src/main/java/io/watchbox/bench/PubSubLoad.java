package io.watchbox.bench;

import io.watchbox.bench.Clients.Driver;
import io.watchbox.bench.Clients.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The load behind fan-out, many-to-many and open loop: one publisher per group, {@code perGroup}
 * subscribers in each group, for {@code seconds}; one instance per run.
 *
 * <p>Closed-loop load ({@code rate} 0): each publisher sends as fast as the slowest subscriber of
 * its group allows, keeping it at most WINDOW_MESSAGES behind. A run that stops making progress
 * for 3 s ends early, and whatever never arrived counts as lost. Open-loop load ({@code rate}
 * publishes per second): each message is sent when it is due, stamped with that time.
 *
 * <p>The server may be several processes (the replicas of a cluster): their CPU and write calls are
 * added up. With the Redis they relay through, what Redis spent is reported per published message.
 */
final class PubSubLoad {

    /**
     * How far the slowest subscriber of a group may fall behind its publisher, in messages, the same
     * for both systems: below Watchbox's listlimit (50 in the run), so a closed-loop run loses nothing.
     */
    private static final int WINDOW_MESSAGES = 20;

    private final String workload;
    private final int groups;
    private final int seconds;
    private final int rate;
    private final String prefix;

    // Written by the subscribers' reader threads.
    private final Recorder latency = new Recorder(3);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLongArray receivedBy;
    private final AtomicIntegerArray subscribed;

    // The publishing thread's own.
    /** Subscribers that failed to connect never receive: the window only waits for connected ones. */
    private final boolean[] connected;
    private final long[] sentTo;
    private long sent;
    private long expected;
    private boolean stalled;

    PubSubLoad(String workload, int groups, int perGroup, int seconds, int rate) {
        this.workload = workload;
        this.groups = groups;
        this.seconds = seconds;
        this.rate = rate;
        this.prefix = workload + "-" + System.nanoTime() % 100000;
        int subscribers = groups * perGroup;
        this.receivedBy = new AtomicLongArray(subscribers);
        this.subscribed = new AtomicIntegerArray(subscribers);
        this.connected = new boolean[subscribers];
        this.sentTo = new long[groups];
    }

    /**
     * Connects, publishes for the run's time while sampling the server's processes (and Redis's
     * counters, when there is a Redis), and returns the result.
     */
    Map<String, Object> run(SystemUnderTest system, List<Long> serverPids, Optional<RedisCounters> redis)
            throws Exception {
        try (Driver driver = system.subscriberDriver(); Driver publisherDriver = system.publisherDriver()) {
            return run(system.name(), driver, publisherDriver, LeanClients.FRAMES_RECEIVED::sum, serverPids, redis);
        }
    }

    /**
     * The same with the caller's clients (which the caller closes): subscribers connect through
     * {@code driver}, publishers through {@code publisherDriver}, and {@code subscriberFrames} counts
     * the WebSocket messages the subscribers have read so far.
     */
    Map<String, Object> run(String systemName, Driver driver, Driver publisherDriver, LongSupplier subscriberFrames,
            List<Long> serverPids, Optional<RedisCounters> redis) throws Exception {
        List<Endpoint> endpoints = new ArrayList<>();
        List<Endpoint> publishers = new ArrayList<>();
        Laps laps = Laps.start();
        try {
            long connectErrors = connectSubscribers(driver, endpoints);
            if (connectErrors == connected.length) {
                // Nothing to measure, and a closed loop without subscribers would publish unchecked.
                throw new IllegalStateException(systemName + ": no subscriber connected (the first failures are above)");
            }
            Connections.connectAll(publisherDriver, groups, 16,
                    i -> publisherDriver.connect(prefix + "-p" + i, null, null, null), publishers);
            laps.lap("connecting " + (connected.length + groups) + " clients");
            latency.reset();
            long serverCpuBefore = ProcessCounters.cpuNanos(serverPids);
            WriteSyscalls serverWrites = WriteSyscalls.start(serverPids);
            Optional<RedisCounters.Reading> redisBefore =
                    redis.isPresent() ? Optional.of(redis.get().read()) : Optional.empty();
            long generatorCpuBefore = ProcessCounters.cpuNanos(ProcessHandle.current().pid());
            List<Long> measured = new ArrayList<>(serverPids);
            measured.add(ProcessHandle.current().pid());
            OtherCpu others = OtherCpu.start(measured);

            for (int i = 0; i < connected.length; i++) {
                connected[i] = subscribed.get(i) == 1;
            }
            long framesBefore = subscriberFrames.getAsLong();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            if (rate > 0) {
                publishOpenLoop(publishers, start, end);
            } else {
                publishClosedLoop(publishers, start, end);
            }
            long elapsed = System.nanoTime() - start;
            long frames = subscriberFrames.getAsLong() - framesBefore;
            // The rates are over the publishing time, so they count what arrived in it: what the
            // window still held then (up to 20 messages per subscriber) arrives while draining.
            long deliveredInTime = Math.max(1, received.get());
            long serverCpu = ProcessCounters.cpuNanos(serverPids) - serverCpuBefore;
            Optional<RedisCounters.Usage> redisUsed = redis.isPresent()
                    ? Optional.of(redis.get().read().since(redisBefore.orElseThrow()))
                    : Optional.empty();
            OptionalLong serverWriteCalls = serverWrites == null ? OptionalLong.empty() : serverWrites.stop();
            long generatorCpu = ProcessCounters.cpuNanos(ProcessHandle.current().pid()) - generatorCpuBefore;
            double otherCpuShare = others.share();
            laps.lap("timed");
            long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (received.get() < expected && System.nanoTime() < drainUntil) {
                Thread.sleep(10);
            }
            laps.lap("drain");
            Histogram h = latency.getIntervalHistogram();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("workload", workload);
            r.put("system", systemName); // the run's name: watchbox on Liberty or on Payara, or mosquitto
            r.put("published", sent);
            r.put("delivered", received.get());
            r.put("published_per_s", Math.round(sent / (elapsed / 1e9)));
            r.put("delivered_per_s", Math.round(deliveredInTime / (elapsed / 1e9)));
            // Frames the subscribers read while publishing lasted: below delivered/s when frames are batched.
            r.put("frames_per_s", Math.round(frames / (elapsed / 1e9)));
            // The server's write calls per delivery while publishing lasted: below 1 when one write carries several.
            r.put("server_write_syscalls_per_delivery", serverWriteCalls.isPresent()
                    ? Math.round(serverWriteCalls.getAsLong() * 100.0 / deliveredInTime) / 100.0
                    : "n/a");
            r.put("p50_us", h.getValueAtPercentile(50));
            r.put("p99_us", h.getValueAtPercentile(99));
            r.put("p999_us", h.getValueAtPercentile(99.9));
            r.put("max_us", h.getMaxValue());
            r.put("lost", Math.max(0, expected - received.get()));
            r.put("server_cpu_us_per_delivery", Math.round(serverCpu / 1000.0 / deliveredInTime * 10) / 10.0);
            r.put("generator_cpu_us_per_delivery", Math.round(generatorCpu / 1000.0 / deliveredInTime * 10) / 10.0);
            if (redisUsed.isPresent()) {
                // Per published message: each one crosses Redis once (one PUBLISH in, a copy out to each replica).
                double published = Math.max(1, sent);
                r.put("redis_cpu_us_per_publish", Math.round(redisUsed.get().cpuMicros() / published * 100) / 100.0);
                r.put("redis_in_bytes_per_publish", Math.round(redisUsed.get().inBytes() / published));
                r.put("redis_out_bytes_per_publish", Math.round(redisUsed.get().outBytes() / published));
            }
            // What everything but the server and the generator used of the cores meanwhile (the bench's
            // idle servers included): a share that is not small means the run shared the machine.
            r.put("other_cpu_share", otherCpuShare);
            r.put("stalled", stalled);
            r.put("connect_errors", connectErrors);
            return r;
        } finally {
            Connections.closeAll(endpoints);
            Connections.closeAll(publishers);
            laps.lap("close");
            System.out.println("timing " + workload + " " + systemName + ": " + laps);
        }
    }

    /** Subscriber i joins group i % groups and records each message's latency; returns how many failed. */
    private long connectSubscribers(Driver driver, List<Endpoint> into) throws Exception {
        return Connections.connectAll(driver, connected.length, 256, i -> {
            String group = prefix + "/g" + (i % groups);
            return driver.connect(prefix + "-s" + i, group, null, (g, payload, seq) -> {
                latency.recordValue(Math.max(0, (System.nanoTime() - Payload.sentAt(payload)) / 1000));
                receivedBy.incrementAndGet(i);
                received.incrementAndGet();
            }).thenApply(e -> {
                subscribed.set(i, 1);
                return e;
            });
        }, into);
    }

    /** Each message when it is due, stamped with that time, whatever the server does. */
    private void publishOpenLoop(List<Endpoint> publishers, long start, long end) throws Exception {
        while (System.nanoTime() < end) {
            long due = start + sent * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            publish(publishers, (int) (sent % groups), due);
        }
    }

    /** The groups in turn, each publisher as long as its slowest subscriber is inside the window. */
    private void publishClosedLoop(List<Endpoint> publishers, long start, long end) throws Exception {
        long lastProgress = start;
        long lastReceived = 0;
        int next = 0;
        int blockedInARow = 0;
        while (System.nanoTime() < end) {
            int p = next % groups;
            if (sentTo[p] - slowestSubscriber(p) >= WINDOW_MESSAGES) {
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
                    return;
                }
                // Two cores: spinning would steal the CPU the brokers and receivers need.
                LockSupport.parkNanos(20_000);
                continue;
            }
            next++;
            blockedInARow = 0;
            publish(publishers, p, System.nanoTime());
            lastProgress = System.nanoTime();
        }
    }

    private void publish(List<Endpoint> publishers, int p, long stamp) throws Exception {
        publishers.get(p).publish(prefix + "/g" + p, Payload.stamped(stamp));
        sent++;
        sentTo[p]++;
        expected += subscribersOf(p);
    }

    /** The fewest messages any connected subscriber of group p has received (at most what p was sent). */
    private long slowestSubscriber(int p) {
        long slowest = sentTo[p];
        for (int i = p; i < connected.length; i += groups) {
            if (connected[i]) {
                slowest = Math.min(slowest, receivedBy.get(i));
            }
        }
        return slowest;
    }

    private int subscribersOf(int p) {
        int n = 0;
        for (int i = p; i < connected.length; i += groups) {
            n += connected[i] ? 1 : 0;
        }
        return n;
    }
}

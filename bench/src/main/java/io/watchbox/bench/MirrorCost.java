package io.watchbox.bench;

import io.watchbox.internal.cluster.ClusterSettings;
import io.watchbox.internal.cluster.RedisRelay;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.core.Broker;
import io.watchbox.internal.core.BrokerEvents;
import io.watchbox.internal.core.ClientProtocol;
import io.watchbox.internal.core.relay.ClusterState;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.session.Connection;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * What the session mirror ({@code watchbox.cluster.mirror}) costs Redis per published message, with
 * the mirror off and on, at several fan-outs: two replicas in this JVM (a publisher and a holder of
 * {@code fanout} sessions subscribed to the group, whose sockets accept every frame at once), a fixed
 * run of messages published on the first, and Redis's own counters read before and after it:
 * commands per name ({@code INFO commandstats}, the commands a script runs counted apart), bytes in
 * and out, and CPU ({@code INFO cpu}, {@code INFO stats}). The heartbeats of both replicas (a few
 * commands every 2 s) fall in the window too.
 *
 * <p>Run by hand against a Redis of its own (it writes keys under {@code mirrorcost-*}, a cluster name per run):
 * {@code java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.watchbox.bench.MirrorCost 127.0.0.1:6390}.
 * Not a speed figure: the point is the count of commands and bytes, which the machine does not change.
 */
public final class MirrorCost {

    private static final int[] FANOUTS = {1, 100, 1000};
    private static final int LISTLIMIT = 5_000;
    private static final String PAYLOAD = "0123456789012345678901234567890123456789012345678901234567890123";

    private MirrorCost() {
    }

    public static void main(String[] args) throws Exception {
        String redis = args.length > 0 ? args[0] : "127.0.0.1:6379";
        LoggingLevel.apply(Integer.getInteger("mirrorcost.logginglevel", 0));
        System.out.println("| fan-out | mirror | messages | Redis commands per message (by name) | bytes in / message | bytes out / message | Redis CPU µs / message |");
        System.out.println("|---|---|---|---|---|---|---|");
        int run = 0;
        int[] fanouts = args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : FANOUTS;
        for (int fanout : fanouts) {
            int messages = fanout >= 1000 ? 200 : 2000;
            for (boolean mirror : new boolean[] {false, true}) {
                // A cluster name of its own per run: a session of an earlier run would be adopted, not started.
                String cluster = "mirrorcost-" + System.currentTimeMillis() + "-" + run++;
                System.out.println(measure(redis, cluster, fanout, messages, mirror));
            }
        }
        System.exit(0);
    }

    private static String measure(String redis, String cluster, int fanout, int messages, boolean mirror)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        ClusterSettings settings = new ClusterSettings("redis://" + redis, cluster);
        Broker publisher = new Broker(ValidSettings.DEFAULTS.withLogginglevel(0), Clock.systemUTC(), BrokerEvents.NONE);
        // A listlimit above the run's messages: a message evicted before its copy is written is never
        // sent, and the run would wait for it (the mirror adds a round trip before each send).
        Broker holder = new Broker(ValidSettings.DEFAULTS.withLogginglevel(0).withListlimit(LISTLIMIT).withTimeout(600),
                Clock.systemUTC(), BrokerEvents.NONE);
        RedisRelay publishing = RedisRelay.start(settings, publisher::deliverRelayed, threads);
        RedisRelay holding = RedisRelay.start(settings, holder::deliverRelayed, threads);
        try {
            publisher.relayThrough(publishing);
            holder.relayThrough(holding);
            if (mirror) {
                publisher.mirrorThrough(publishing.mirrorSessions(() -> publisher.settings().listlimit()));
                holder.mirrorThrough(holding.mirrorSessions(() -> holder.settings().listlimit()));
            }
            publisher.startServing();
            holder.startServing();
            awaitConnected(publishing, holding);
            LongAdder sent = new LongAdder();
            for (int i = 0; i < fanout; i++) {
                ClientProtocol client = holder.open(new InstantConnection(sent));
                client.onText("{\"type\":\"hello\",\"uid\":\"s" + i + "\"}");
                client.onText("{\"type\":\"sub\",\"group\":\"bench/mirror\"}");
            }
            long warmUp = 50;
            publish(publisher, warmUp);
            awaitSent(sent, warmUp * fanout);
            try (RedisCounters counters = RedisCounters.connect(redis)) {
                RedisCounters.Reading before = counters.read();
                publish(publisher, messages);
                awaitSent(sent, (warmUp + messages) * fanout);
                RedisCounters.Reading after = counters.read();
                return row(fanout, mirror, messages, before, after);
            }
        } finally {
            publishing.close();
            holding.close();
            threads.shutdownNow();
        }
    }

    private static void publish(Broker broker, long messages) throws Exception {
        for (long i = 0; i < messages; i++) {
            broker.publish("bench/mirror", PAYLOAD);
        }
    }

    private static void awaitConnected(RedisRelay... relays) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (RedisRelay relay : relays) {
            while (relay.state() != ClusterState.CONNECTED) {
                if (System.nanoTime() > giveUp) {
                    throw new IllegalStateException("Redis did not answer");
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
    }

    /** Waits until every message reached every socket: with the mirror on, only once their copies are written. */
    private static void awaitSent(LongAdder sent, long frames) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        long lastReport = System.nanoTime();
        while (sent.sum() < frames) {
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                lastReport = System.nanoTime();
                System.err.println("  " + sent.sum() + " of " + frames + " messages sent");
            }
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("only " + sent.sum() + " of " + frames + " frames were sent");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private static String row(int fanout, boolean mirror, int messages, RedisCounters.Reading before, RedisCounters.Reading after) {
        StringBuilder commands = new StringBuilder();
        long total = 0;
        for (Map.Entry<String, Long> calls : after.calls().entrySet()) {
            long delta = calls.getValue() - before.calls().getOrDefault(calls.getKey(), 0L);
            if (calls.getKey().equals("info")) {
                delta -= 1; // the reading's own
            }
            if (delta > 0) {
                total += delta;
                commands.append(commands.isEmpty() ? "" : ", ").append(calls.getKey()).append(' ')
                        .append(String.format("%.2f", (double) delta / messages));
            }
        }
        return String.format("| %d | %s | %d | %.2f: %s | %d | %d | %.1f |", fanout, mirror ? "on" : "off", messages,
                (double) total / messages, commands, (after.inBytes() - before.inBytes()) / messages,
                (after.outBytes() - before.outBytes()) / messages,
                (double) (after.cpuMicros() - before.cpuMicros()) / messages);
    }

    private static final String MSG = "\"type\":\"msg\"";

    /** A socket that accepts every frame at once, and counts the messages it carried. */
    private record InstantConnection(LongAdder sent) implements Connection {
        @Override
        public void send(String text, Consumer<Throwable> done) {
            for (int at = text.indexOf(MSG); at >= 0; at = text.indexOf(MSG, at + 1)) {
                sent.increment(); // a frame may carry several messages
            }
            done.accept(null);
        }

        @Override
        public void close(int code, String reason) {
        }
    }
}

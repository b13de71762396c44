package io.watchbox.bench.jmh;

import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.core.Broker;
import io.watchbox.internal.core.BrokerEvents;
import io.watchbox.internal.core.ClientProtocol;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.routing.BadGroupException;
import io.watchbox.internal.routing.TopicTree;
import io.watchbox.internal.session.Connection;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The server's hot paths without a network: subscription matching in {@link TopicTree}, and one
 * publish through {@link Broker} (encode once, match, enqueue and send to every subscriber) over
 * fake connections whose sends complete at once. Guards against regressions; run by bench/run
 * (full mode) or by hand: {@code java -cp ... org.openjdk.jmh.Main HotPath}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class HotPathBenchmark {

    /** Sessions subscribed to the published group. */
    @Param({"10", "100", "1000"})
    public int subscribers;

    private TopicTree<Integer> tree;
    private Broker broker;
    private long sentFrames;

    @Setup(Level.Trial)
    public void setUp() throws BadGroupException {
        LoggingLevel.apply(0);
        tree = new TopicTree<>();
        // 1000 unrelated subscriptions, wildcards included, around the matched ones.
        for (int i = 0; i < 1000; i++) {
            tree.subscribe("site" + (i % 10) + "/room" + i + "/temp", i);
            tree.subscribe("site" + (i % 10) + "/+/humidity", i);
        }
        for (int i = 0; i < subscribers; i++) {
            tree.subscribe("site1/hall/temp", 10_000 + i);
        }
        tree.subscribe("site1/#", -1);

        broker = new Broker(ValidSettings.DEFAULTS.withLogginglevel(0).withTimeout(60).withListlimit(50), Clock.systemUTC(), BrokerEvents.NONE);
        for (int i = 0; i < subscribers; i++) {
            ClientProtocol protocol = broker.open(new InstantConnection());
            protocol.onText("{\"type\":\"hello\",\"uid\":\"s" + i + "\"}");
            protocol.onText("{\"type\":\"sub\",\"group\":\"bench/fanout\"}");
        }
    }

    @Benchmark
    public Set<Integer> match() {
        return tree.match("site1/hall/temp");
    }

    @Benchmark
    public int publishFanOut() throws BadGroupException {
        return broker.publish("bench/fanout", "0123456789012345678901234567890123456789012345678901234567890123");
    }

    @Benchmark
    public void subscribeUnsubscribe(Blackhole bh) {
        bh.consume(tree.subscribe("site3/new/temp", 42));
        bh.consume(tree.unsubscribe("site3/new/temp", 42));
    }

    /** A socket that accepts every frame at once, as a fast client would. */
    private final class InstantConnection implements Connection {
        @Override
        public void send(String text, Consumer<Throwable> done) {
            sentFrames += text.length();
            done.accept(null);
        }

        @Override
        public void close(int code, String reason) {
        }
    }
}

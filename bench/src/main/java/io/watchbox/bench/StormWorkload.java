package io.watchbox.bench;

import io.watchbox.bench.Clients.Driver;
import io.watchbox.bench.Clients.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connect storm: {@code --n} clients all start connecting at once; connects/s until the last is in, and
 * the slowest. With {@code --pid SERVER_PID}, also the share of the cores other processes used meanwhile.
 */
final class StormWorkload implements Workload {

    @Override
    public void run(Arguments args, ResultFile results) throws Exception {
        SystemUnderTest system = args.system();
        int clients = args.integer("n", 5000);
        String prefix = "storm-" + System.nanoTime() % 100000;
        ConcurrentLinkedQueue<Endpoint> connected = new ConcurrentLinkedQueue<>();
        AtomicLong slowest = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Long> measured = new ArrayList<>(args.text("pid", null) == null ? List.of() : args.pids());
        measured.add(ProcessHandle.current().pid());
        try (Driver driver = system.connectionDriver()) {
            OtherCpu others = OtherCpu.start(measured);
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
            double otherCpuShare = others.share();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("workload", "storm");
            r.put("system", system.name());
            r.put("n", clients);
            r.put("connected", connected.size());
            r.put("errors", errors.get());
            r.put("connects_per_s", Math.round(connected.size() / elapsed));
            r.put("slowest_ms", slowest.get() / 1_000_000);
            if (measured.size() > 1) {
                r.put("other_cpu_share", otherCpuShare); // everything but the server and the generator
            }
            results.append(r);
        } finally {
            Connections.closeAll(new ArrayList<>(connected));
        }
    }
}

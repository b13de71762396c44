package io.watchbox.bench;

import io.watchbox.bench.Clients.Driver;
import io.watchbox.bench.Clients.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Memory against listlimit (Watchbox only): {@code --n} sessions subscribe to one group and drop
 * their sockets, {@code --messages} are published while they are away, then each resumes from seq 0.
 * Reports the heap the waiting messages hold and how many each session received and skipped, for
 * the server's {@code --listlimit}.
 */
final class ListLimitWorkload implements Workload {

    @Override
    public void run(Arguments args, ResultFile results) throws Exception {
        int sessions = args.integer("n", 1000);
        int messages = args.integer("messages", 200);
        int limit = args.integer("listlimit", 50);
        long pid = args.pid();
        String prefix = "away" + limit + "-" + System.nanoTime() % 100000;
        String group = prefix + "/away";
        List<Endpoint> away = new ArrayList<>();
        try (Driver driver = new Clients.Watchbox(args.system().uri())) {
            // Warm the server up first (class loading, container caches), so the baseline holds them.
            List<Endpoint> warm = new ArrayList<>();
            Connections.connectAll(driver, sessions, 1000,
                    i -> driver.connect(prefix + "-warm" + i, group + "warm", null, null), warm);
            Connections.closeAll(warm);
            Thread.sleep(1000);
            ProcessMemory before = ProcessMemory.measure(pid, true);
            // Only sessions that subscribed and later resumed are measured; failed connects are counted.
            AtomicIntegerArray measured = new AtomicIntegerArray(sessions);
            long connectErrors = Connections.connectAll(driver, sessions, 1000,
                    i -> driver.connect(prefix + "-" + i, group, null, null).thenApply(e -> {
                        measured.set(i, 1);
                        return e;
                    }), away);
            away.forEach(Endpoint::drop);
            Thread.sleep(1500);
            List<Endpoint> pub = new ArrayList<>();
            Connections.connectAll(driver, 1, 1, i -> driver.connect(prefix + "-pub", null, null, null), pub);
            for (int m = 0; m < messages; m++) {
                pub.get(0).publish(group, Payload.stamped(System.nanoTime()));
            }
            Thread.sleep(1000);
            ProcessMemory held = ProcessMemory.measure(pid, true);

            // Resume every session from seq 0: the first seq received tells how many were skipped.
            AtomicLongArray firstSeq = new AtomicLongArray(sessions);
            AtomicLong received = new AtomicLong();
            List<Endpoint> resumed = new ArrayList<>();
            connectErrors += Connections.connectAll(driver, sessions, 1000,
                    i -> driver.connect(prefix + "-" + i, null, 0L, (g, p, seq) -> {
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
            r.put("heap_per_session_kib", ProcessMemory.perClient(held.heapKib() - before.heapKib(), sessions));
            r.put("received_per_session", String.format("%.1f", (double) received.get() / Math.max(1, count)));
            r.put("skipped_per_session", String.format("%.1f", (double) skipped / Math.max(1, count)));
            r.put("expected_skipped", Math.max(0, messages - limit));
            results.append(r);
            Connections.closeAll(resumed);
            Connections.closeAll(pub);
        }
    }
}

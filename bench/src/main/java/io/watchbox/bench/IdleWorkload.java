package io.watchbox.bench;

import io.watchbox.bench.Clients.Driver;
import io.watchbox.bench.Clients.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Idle clients: {@code --n} clients connect, subscribe (to 100 groups between them) and stay silent;
 * the server's heap after a full GC and its RSS, before and after. {@code --hold} seconds keeps them
 * connected after the measurement, for a heap histogram taken by hand.
 */
final class IdleWorkload implements Workload {

    @Override
    public void run(Arguments args, ResultFile results) throws Exception {
        SystemUnderTest system = args.system();
        int clients = args.integer("n", 10000);
        long pid = args.pid();
        ProcessMemory before = ProcessMemory.measure(pid, system.isWatchbox());
        List<Endpoint> endpoints = new ArrayList<>();
        String prefix = "idle-" + System.nanoTime() % 100000;
        long errors;
        try (Driver driver = system.connectionDriver()) {
            errors = Connections.connectAll(driver, clients, 1000,
                    i -> driver.connect(prefix + "-" + i, "idle/g" + (i % 100), null, null), endpoints);
            ProcessMemory after = ProcessMemory.measure(pid, system.isWatchbox());
            Thread.sleep(TimeUnit.SECONDS.toMillis(args.integer("hold", 0)));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("workload", "idle");
            r.put("system", system.name());
            r.put("n", clients);
            r.put("connected", endpoints.size());
            r.put("errors", errors);
            r.put("heap_before_kib", before.heapKib());
            r.put("heap_after_kib", after.heapKib());
            r.put("heap_per_client_kib", ProcessMemory.perClient(after.heapKib() - before.heapKib(), endpoints.size()));
            r.put("rss_before_kib", before.rssKib());
            r.put("rss_after_kib", after.rssKib());
            r.put("rss_per_client_kib", ProcessMemory.perClient(after.rssKib() - before.rssKib(), endpoints.size()));
            results.append(r);
        } finally {
            Connections.closeAll(endpoints);
        }
    }
}

package io.watchbox.bench;

import io.watchbox.bench.Clients.Driver;
import io.watchbox.bench.Clients.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Opening and closing a workload's clients in bulk. */
final class Connections {

    private Connections() {
    }

    /** Connects client number i. */
    interface Connector {
        CompletableFuture<Endpoint> connect(int i) throws Exception;
    }

    /** Connects count clients, at most parallel at a time; returns how many failed. */
    static long connectAll(Driver driver, int count, int parallel, Connector connector, List<Endpoint> into)
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

    static void closeAll(List<Endpoint> endpoints) {
        for (Endpoint e : endpoints) {
            try {
                e.close();
            } catch (RuntimeException ignored) {
                // best effort at the end of a workload
            }
        }
    }
}

package io.watchbox.bench;

import io.watchbox.bench.Clients.Driver;
import io.watchbox.bench.Clients.Endpoint;
import io.watchbox.bench.Clients.Receiver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients spread evenly over the replicas of a cluster, one driver per replica: the i-th connect
 * goes to replica i mod k, so subscriber i of a workload (which connects them in order) is on replica i mod k.
 */
final class RoundRobinDriver implements Driver {

    private final List<Driver> replicas;
    private final AtomicInteger next = new AtomicInteger();

    RoundRobinDriver(List<Driver> replicas) {
        this.replicas = List.copyOf(replicas);
    }

    @Override
    public String name() {
        return replicas.get(0).name();
    }

    @Override
    public CompletableFuture<Endpoint> connect(String id, String group, Long since, Receiver receiver) {
        return replicas.get(Math.floorMod(next.getAndIncrement(), replicas.size())).connect(id, group, since, receiver);
    }

    @Override
    public void close() {
        replicas.forEach(Driver::close);
    }
}

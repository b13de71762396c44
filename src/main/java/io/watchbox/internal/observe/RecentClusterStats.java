package io.watchbox.internal.observe;

import io.watchbox.Stats;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The cluster's counters for the cluster gauges. A scrape reads the last ones fetched, and when
 * they are older than {@code maxAge} starts fetching new ones in the background: no scrape waits
 * for the other replicas (up to 2 s), and they are asked at most once per {@code maxAge} however
 * often this replica is scraped. Until the first fetch completes, this replica's own counters.
 */
final class RecentClusterStats {

    private final Supplier<CompletableFuture<Stats>> fetch;
    private final Supplier<Stats> own;
    private final LongSupplier nanos;
    private final long maxAgeNanos;
    private final AtomicBoolean fetching = new AtomicBoolean();
    private volatile Stats last;
    private volatile long fetchedAt;

    /**
     * @param fetch the cluster's counters, when the other replicas have answered or timed out
     * @param own   this replica's counters, for the time before the first fetch completes
     * @param nanos a monotonic clock ({@code System::nanoTime})
     */
    RecentClusterStats(Supplier<CompletableFuture<Stats>> fetch, Supplier<Stats> own, LongSupplier nanos, Duration maxAge) {
        this.fetch = fetch;
        this.own = own;
        this.nanos = nanos;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The last counters fetched, at most {@code maxAge} old unless a fetch is under way. */
    Stats get() {
        Stats known = last;
        boolean stale = known == null || nanos.getAsLong() - fetchedAt >= maxAgeNanos;
        if (stale && fetching.compareAndSet(false, true)) {
            refresh();
            known = last;
        }
        return known != null ? known : own.get();
    }

    private void refresh() {
        CompletableFuture<Stats> next;
        try {
            next = fetch.get();
        } catch (RuntimeException e) {
            fetching.set(false);
            throw e;
        }
        next.whenComplete((stats, failure) -> {
            if (stats != null) {
                last = stats;
            }
            fetchedAt = nanos.getAsLong();
            fetching.set(false);
        });
    }
}

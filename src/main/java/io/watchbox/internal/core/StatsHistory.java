package io.watchbox.internal.core;

import io.watchbox.Stats;
import io.watchbox.StatsSample;
import io.watchbox.internal.values.StatsSampleRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker's last minutes, one sample per call of {@link #record} (once a second): a ring
 * buffer of fixed size, so it never grows. Each sample turns the totals' growth since the
 * previous call into rates per second, by the time that really passed between the two.
 */
final class StatsHistory {

    private final StatsSample[] ring;
    private int next;
    private int size;
    private Stats previous;
    private Instant previousTime;

    StatsHistory(int capacity) {
        ring = new StatsSample[capacity];
    }

    /** Takes a sample of the totals and levels at this time; the first call only sets the baseline. */
    synchronized void record(Instant now, Stats stats) {
        if (previous != null) {
            long nanos = Duration.between(previousTime, now).toNanos();
            if (nanos <= 0) {
                return; // no time has passed (or the clock stepped back): no rate to tell
            }
            double seconds = nanos / 1e9;
            ring[next] = new StatsSampleRecord(now,
                    rate(stats.published() - previous.published(), seconds),
                    rate(stats.delivered() - previous.delivered(), seconds),
                    rate(stats.dropped() - previous.dropped(), seconds),
                    rate(stats.framesSent() - previous.framesSent(), seconds),
                    stats.sessions(), stats.connected(), stats.queuedBytes(), stats.eventBacklog());
            next = (next + 1) % ring.length;
            size = Math.min(size + 1, ring.length);
        }
        previous = stats;
        previousTime = now;
    }

    /** The samples kept, oldest first. */
    synchronized List<StatsSample> samples() {
        List<StatsSample> samples = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            samples.add(ring[(next - size + i + ring.length) % ring.length]);
        }
        return samples;
    }

    /** Per second, to a thousandth: what the totals grew by, over the seconds that passed. */
    private static double rate(long growth, double seconds) {
        return Math.round(growth / seconds * 1000) / 1000.0;
    }
}

package io.watchbox.internal.cluster;

import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.logging.RateLimitedLog;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Runs tasks one at a time, in the order they were submitted, on another executor (the relay's lane,
 * a thread of its own): relayed messages leave Lettuce's event loop without losing their order, and
 * a task that throws is logged without stopping the ones after it.
 */
final class OrderedExecutor implements Executor {

    private static final Logger ERROR_LOG = LoggingLevel.error();

    private final Executor threads;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean warnedOfRejection = new AtomicBoolean();
    // Per message: a delivery that fails once may fail for every message that follows.
    private final RateLimitedLog errors = RateLimitedLog.errors();

    OrderedExecutor(Executor threads) {
        this.threads = threads;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        while (!tasks.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                threads.execute(this::drain);
                return;
            } catch (RejectedExecutionException busy) {
                // The lane is shut down (the relay is closing): run them here rather than drop them.
                if (warnedOfRejection.compareAndSet(false, true)) {
                    ERROR_LOG.warning(() -> "Watchbox cluster: the relay's lane refused to deliver relayed messages ("
                            + busy + "); delivering them on the Redis client's thread instead");
                }
                runAll();
            }
        }
    }

    private void drain() {
        runAll();
        // A task added after the last poll and before the flag was cleared.
        schedule();
    }

    /** Runs what is queued, one at a time, then lets the next drain start. */
    private void runAll() {
        try {
            for (Runnable task; (task = tasks.poll()) != null; ) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    errors.warning("delivery failed", () -> "Watchbox cluster: a relayed message could not be delivered", e);
                }
            }
        } finally {
            draining.set(false);
        }
    }
}

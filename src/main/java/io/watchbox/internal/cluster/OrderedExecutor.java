package io.watchbox.internal.cluster;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import io.watchbox.internal.config.LoggingLevel;
import java.util.logging.Logger;

/**
 * Runs tasks one at a time, in the order they were submitted, on threads of another executor (the
 * container's managed one): relayed messages leave Lettuce's event loop without losing their order.
 */
final class OrderedExecutor implements Executor {

    private static final Logger ERROR_LOG = LoggingLevel.error();

    private final Executor threads;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    OrderedExecutor(Executor threads) {
        this.threads = threads;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (!tasks.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                threads.execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                // The application is stopping: what is left will not be delivered anyway.
                tasks.clear();
                draining.set(false);
            }
        }
    }

    private void drain() {
        try {
            for (Runnable task; (task = tasks.poll()) != null; ) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    ERROR_LOG.log(Level.WARNING, "a relayed message could not be delivered", e);
                }
            }
        } finally {
            draining.set(false);
            // A task added after the last poll and before the flag was cleared.
            schedule();
        }
    }
}

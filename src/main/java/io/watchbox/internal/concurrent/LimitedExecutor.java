package io.watchbox.internal.concurrent;

import io.watchbox.internal.logging.LoggingLevel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Runs at most {@code limit} of its tasks at once on another executor (the container's managed
 * one), the others waiting, started in the order they came. For tasks that block: the takes of a stopping replica's
 * hand-over each wait for that replica's answer, and all at once they held every thread of the
 * executor that also runs the lane delivering relayed messages and answering other replicas'
 * calls, whose answers then came seconds late.
 */
public final class LimitedExecutor implements Executor {

    private static final Logger ERROR_LOG = LoggingLevel.error();

    private final Executor threads;
    private final int limit;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();

    public LimitedExecutor(Executor threads, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit);
        }
        this.threads = threads;
        this.limit = limit;
    }

    @Override
    public void execute(Runnable task) {
        waiting.add(task);
        startWhatFits();
    }

    private void startWhatFits() {
        while (!waiting.isEmpty()) {
            int now = running.get();
            if (now >= limit) {
                return; // a running task starts the next as it ends
            }
            if (!running.compareAndSet(now, now + 1)) {
                continue;
            }
            Runnable task = waiting.poll();
            if (task == null) {
                running.decrementAndGet();
                continue;
            }
            try {
                threads.execute(() -> run(task));
            } catch (RejectedExecutionException stopping) {
                running.decrementAndGet();
                ERROR_LOG.warning(() -> "Watchbox: the container's executor refused a task (" + stopping
                        + "); it is not run");
            }
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } finally {
            running.decrementAndGet();
            startWhatFits();
        }
    }
}

package io.watchbox.internal.session;

import io.watchbox.internal.logging.LoggingLevel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Flushes of outboxes whose container completes a send on the sending thread (Tyrus on Payara):
 * the thread that queues a message only hands the outbox over, and one task on the executor
 * flushes the outboxes one after another. Whatever is queued for an outbox meanwhile (the next
 * publishes of a fan-out) waits for that flush, and goes out joined in one frame, as it does where
 * a send completes later on another thread. Shared by the broker's outboxes.
 */
public final class HandedOffFlushes {

    private static final Logger ERROR_LOG = LoggingLevel.error();

    private final Executor executor;
    private final ConcurrentLinkedQueue<Outbox> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    /** @param executor runs the task that flushes; a rejected task flushes on the caller's thread */
    public HandedOffFlushes(Executor executor) {
        this.executor = executor;
    }

    /** Flushes this outbox soon; the outbox hands itself over at most once until its flush runs. */
    void handOver(Outbox outbox) {
        waiting.add(outbox);
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // The container is stopping: flush here, as without a hand-off.
                drain();
            }
        }
    }

    private void drain() {
        do {
            try {
                for (Outbox next = waiting.poll(); next != null; next = waiting.poll()) {
                    flush(next);
                }
            } finally {
                draining.set(false);
            }
            // An outbox handed over after the last poll and before the flag fell found it still set.
        } while (!waiting.isEmpty() && draining.compareAndSet(false, true));
    }

    /** One outbox's fault costs only its own flush, not those of the outboxes after it. */
    private static void flush(Outbox outbox) {
        try {
            outbox.flush();
        } catch (RuntimeException e) {
            ERROR_LOG.log(Level.SEVERE, "Watchbox: flushing a client's messages failed", e);
        }
    }
}

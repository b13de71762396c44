package io.watchbox.client.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factory for the client's own threads, which must never keep the JVM alive. */
final class DaemonThreads {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private DaemonThreads() {
    }

    static ThreadFactory named(String prefix) {
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + COUNTER.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

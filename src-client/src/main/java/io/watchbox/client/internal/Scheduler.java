package io.watchbox.client.internal;

import java.time.Duration;

/**
 * The client's own thread: runs tasks one at a time, in submission order, now or after a
 * delay. Everything the client core owns is touched only from here. Tests use a manual
 * implementation that moves time instead of sleeping.
 */
public interface Scheduler {

    /** Runs {@code task} soon, after the tasks already submitted. */
    void execute(Runnable task);

    /** Runs {@code task} after {@code delay}, unless cancelled first. */
    Cancellable schedule(Runnable task, Duration delay);

    /** Stops accepting tasks; tasks already submitted may still run. */
    void shutdown();

    /** A scheduled task that may be called off. */
    @FunctionalInterface
    interface Cancellable {
        Cancellable NONE = () -> { };

        void cancel();
    }
}
